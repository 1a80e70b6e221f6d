// The zone picker (a combobox with type-ahead over /timezones, after the WAI-ARIA combobox
// pattern) and the world clock of the zones the visitor adds, kept in localStorage.
(function () {
  "use strict";

  const STORE = "timesvc.worldclock";
  const SHOWN = 40; // options listed at most: enough to scroll, few enough to read
  const page = window.timesvcPage;
  const _ = page._; // the page's language; the name pybabel extracts by (babel.cfg)
  const element = (id) => document.getElementById(id);
  const input = element("zone-input");
  const list = element("zone-options");
  const message = element("picker-message");
  const worldclock = element("worldclock");
  let names = null; // a promise of the catalogue's names, asked for on first use
  let active = -1;
  let zones = []; // the world clock's answers, in the order added
  let loading = null;

  async function catalogue() {
    if (!names) {
      names = page.getJSON("timezones", false).then((body) => body.timezones, () => {
        names = null; // asked again next time
        return [];
      });
    }
    return names;
  }

  // Names holding every word typed, in any case; spaces match underscores (new york).
  function matching(all, typed) {
    const words = typed.toLowerCase().replace(/_/g, " ").split(/\s+/).filter(Boolean);
    return all.filter((name) => {
      const plain = name.toLowerCase().replace(/_/g, " ");
      return words.every((word) => plain.includes(word));
    });
  }

  // What the visitor means by what they typed: a name in any case, else the first name matching it;
  // else the text itself (an alias such as US/Eastern, which the server knows and the list does not).
  async function resolve(typed) {
    const all = await catalogue();
    const exact = all.find((name) => name.toLowerCase() === typed.toLowerCase());
    return exact || matching(all, typed)[0] || typed;
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((option, each) => option.setAttribute("aria-selected", String(each === index)));
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  async function suggest() {
    const found = matching(await catalogue(), input.value).slice(0, SHOWN);
    list.replaceChildren(...found.map((name, index) => {
      const option = document.createElement("li");
      option.id = "zone-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = name;
      option.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the input
      option.addEventListener("click", () => choose(name));
      return option;
    }));
    const open = found.length > 0 && input.value.trim() !== "";
    list.hidden = !open;
    input.setAttribute("aria-expanded", String(open));
    active = -1;
    message.textContent = input.value.trim() && !found.length ? _("No zone matches %(typed)s.", { typed: input.value }) : "";
  }

  function choose(name) {
    input.value = name;
    close();
  }

  input.addEventListener("input", suggest);
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (event) => {
    const count = list.hidden ? 0 : list.children.length;
    if (event.key === "ArrowDown" && count) {
      highlight((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      highlight((active - 1 + count) % count);
    } else if (event.key === "Enter" && active >= 0) {
      choose(list.children[active].textContent);
    } else if (event.key === "Escape" && count) {
      close();
    } else {
      return;
    }
    event.preventDefault();
  });

  element("picker").addEventListener("submit", async (event) => {
    event.preventDefault(); // without this script the form asks the server for /?tz=...
    close();
    const name = await resolve(input.value.trim());
    if (await page.showZone(name, true)) {
      input.value = "";
    }
  });

  // The world clock.

  function stored() {
    try {
      const value = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(value) ? value.filter((name) => typeof name === "string") : [];
    } catch (error) {
      return []; // storage refused (private mode) or not ours: start empty
    }
  }

  function store(list) {
    try {
      localStorage.setItem(STORE, JSON.stringify(list));
    } catch (error) {
      message.textContent = _("This browser does not keep the world clock: it lasts until the page is closed.");
    }
  }

  function city(zone) {
    const localized = zone.localized;
    return (localized && localized.exemplar_city) || zone.timezone.split("/").pop().replace(/_/g, " ");
  }

  function card(zone) {
    const item = document.createElement("li");
    item.dataset.zone = zone.timezone;
    const name = document.createElement("p");
    name.className = "city";
    name.textContent = city(zone);
    const time = document.createElement("p");
    time.className = "time";
    const detail = document.createElement("p");
    detail.className = "detail";
    const offset = document.createElement("span");
    offset.className = "offset"; // kept on one line: UTC-05:00 would break at its hyphen
    offset.textContent = "UTC" + zone.utc_offset;
    detail.append(zone.timezone + " · " + zone.abbreviation + " · ", offset);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = _("Remove");
    remove.setAttribute("aria-label", _("Remove %(zone)s", { zone: zone.timezone }));
    remove.addEventListener("click", () => {
      store(stored().filter((each) => each !== zone.timezone));
      zones = zones.filter((each) => each !== zone);
      item.remove();
    });
    item.append(name, time, detail, remove);
    return item;
  }

  // Only the times change each second: the cards (and a focused Remove button) stay.
  function update(instant) {
    worldclock.querySelectorAll(".time").forEach((time, index) => {
      time.textContent = page.localParts(zones[index].utc_offset_seconds, instant).time;
    });
  }

  // /worldclock where the server has it; else one /time per zone, which answers the same fields.
  function load() {
    if (!loading) {
      loading = fetchZones()
        .catch(() => {
          message.textContent = _("The world clock could not be loaded.");
        })
        .finally(() => {
          loading = null;
        });
    }
    return loading;
  }

  async function fetchZones() {
    const chosen = stored();
    const route = element("page").dataset.worldclock;
    if (!chosen.length) {
      zones = [];
    } else if (route) {
      zones = (await page.getJSON(route + "?tz=" + chosen.map(page.zonePath).join(","), true)).zones;
    } else {
      zones = await Promise.all(chosen.map((name) => page.getJSON("time?tz=" + page.zonePath(name), true)));
    }
    worldclock.replaceChildren(...zones.map(card));
    update(page.now());
  }

  async function add() {
    const name = await resolve(input.value.trim());
    if (!(await catalogue()).includes(name)) {
      message.textContent = _("Pick a zone from the list to add it.");
      return;
    }
    const chosen = stored();
    if (!chosen.includes(name)) {
      store(chosen.concat([name]));
    }
    message.textContent = "";
    await load();
  }

  const addButton = element("add-zone");
  addButton.hidden = false;
  addButton.addEventListener("click", add);
  document.addEventListener("timesvc:tick", (event) => {
    const instant = event.detail.now;
    if (zones.some((zone) => zone.next_transition && instant >= Date.parse(zone.next_transition))) {
      load(); // a zone's offset has changed
    } else if (!loading) {
      update(instant);
    }
  });
  load();
})();
