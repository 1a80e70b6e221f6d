// The clock page: the live time in a zone, corrected by the measured offset of the device's clock,
// and the zone's facts, in the language the server rendered the page in (<html lang>, data-messages):
// not navigator.language, which may name another. Exposes `window.timesvcPage` (now, showZone, _ ...) for picker.js.
(function () {
  "use strict";

  const SAMPLES = 8; // as `timesvc offset` takes by default
  const page = document.getElementById("page");
  const phrases = window.timesvcPhrases;
  const element = (id) => document.getElementById(id);
  const words = { language: document.documentElement.lang, messages: JSON.parse(page.dataset.messages) };
  const _ = (message, values) => phrases.say(words, message, values); // the name pybabel extracts by (babel.cfg)
  const state = { offset: 0, zone: null, loading: null };

  // server − device in ms, once measured: the time shown is the server's.
  function now() {
    return Date.now() + state.offset;
  }

  function zonePath(name) {
    return encodeURIComponent(name).replace(/%2F/g, "/");
  }

  // GET a JSON answer; `withLocale`: with the zones' names in the page's language (a tag the server gave).
  async function getJSON(url, withLocale) {
    const localized = withLocale ? url + (url.includes("?") ? "&" : "?") + "locale=" + encodeURIComponent(words.language) : url;
    const response = await fetch(localized, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const error = new Error(url + " answered " + response.status);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  function localParts(utcOffsetSeconds, instant) {
    const local = new Date(instant + utcOffsetSeconds * 1000);
    const time = phrases.two(local.getUTCHours()) + ":" + phrases.two(local.getUTCMinutes()) + ":" + phrases.two(local.getUTCSeconds());
    return { local: local, time: time };
  }

  function render() {
    const zone = state.zone;
    if (!zone) {
      return; // no zone answered yet: the time as served stays
    }
    const instant = now();
    const parts = localParts(zone.utc_offset_seconds, instant);
    const clock = element("clock");
    clock.textContent = parts.time;
    clock.setAttribute("datetime", parts.local.toISOString().slice(0, 19) + zone.utc_offset.slice(0, 6));
    element("date").textContent = phrases.fullDate(words, parts.local);
    document.dispatchEvent(new CustomEvent("timesvc:tick", { detail: { now: instant } }));
    if (zone.next && instant >= Date.parse(zone.next.at) && !state.loading) {
      showZone(zone.timezone, false); // the zone's offset has just changed
    }
  }

  function tick() {
    render();
    setTimeout(tick, 1000 - (now() % 1000) + 5); // just past each second of the time shown
  }

  function showFacts(body) {
    const next = (body.transitions || [])[0] || null;
    state.zone = { timezone: body.timezone, utc_offset: body.utc_offset, utc_offset_seconds: body.utc_offset_seconds, next: next };
    element("zone-name").textContent = body.timezone;
    element("abbreviation").textContent = body.abbreviation;
    element("utc-offset").textContent = "UTC" + body.utc_offset;
    element("dst").textContent = body.dst ? _("in effect") : _("not in effect");
    element("next-transition").textContent = phrases.transitionWords(words, body.utc_offset_seconds, next);
    const localized = body.localized;
    const names = localized ? [localized.specific_name, localized.exemplar_city].filter(Boolean) : [];
    element("zone-localized").textContent = names.join(" · ");
    element("zone-localized").hidden = !names.length;
    document.title = _("Time in %(zone)s", { zone: body.timezone }) + " — timesvc";
    page.dataset.zone = body.timezone;
    render();
  }

  // Show a zone; `chosen` (the visitor picked it) puts it in the URL (/?tz=Asia/Tokyo) so that a
  // link shows it too, and says so when there is no such zone. Resolves to its name, or null.
  async function showZone(name, chosen) {
    state.loading = name;
    const notice = element("notice");
    try {
      const body = await getJSON("timezones/" + zonePath(name) + "?count=1", true);
      showFacts(body);
      if (chosen) {
        notice.hidden = true;
        history.pushState(null, "", "?tz=" + zonePath(body.timezone));
      }
      return body.timezone;
    } catch (error) {
      if (chosen) {
        notice.textContent = error.status === 404 ? _("No zone is called %(name)s: pick one from the list.", { name: name }) : _("The server did not answer: try again.");
        notice.hidden = false;
      }
      return null;
    } finally {
      state.loading = null;
    }
  }

  async function sample(origin) {
    const started = performance.now(); // read before Date.now(): t1 + round trip then ends after the answer
    const t1 = Math.floor(Date.now());
    const response = await fetch("time?t1=" + t1 + "000000", { cache: "no-store", headers: { Accept: "application/json" } });
    const roundTrip = performance.now() - started;
    const body = await response.json();
    if (!response.ok || typeof body.received_ns !== "number") {
      throw new Error("time?t1= answered " + response.status + " without received_ns");
    }
    return window.timesvcOffset.sampleOf(origin, t1, roundTrip, body);
  }

  async function measure() {
    const button = element("measure");
    button.disabled = true;
    button.textContent = _("Checking…");
    const output = element("offset");
    try {
      const samples = [];
      const origin = Math.floor(Date.now());
      for (let index = 0; index < SAMPLES; index++) {
        samples.push(await sample(origin)); // one at a time: concurrent requests would queue on each other
      }
      const estimate = window.timesvcOffset.estimateOffset(samples);
      state.offset = estimate.offset;
      render(); // the time shown is corrected from now on, not from the next second
      output.dataset.deviceAheadMs = String(-estimate.offset);
      output.dataset.boundMs = String(estimate.bound);
      output.textContent = phrases.offsetWords(words, estimate);
      if (estimate.clock) {
        element("server-clock").textContent = phrases.serverClockWords(words, estimate.clock);
      }
    } catch (error) {
      output.textContent = _("Could not check your clock: the server did not answer as expected.");
    } finally {
      button.disabled = false;
      button.textContent = _("Check again");
      button.hidden = false;
    }
  }

  // The zone to start with: the one in the URL, else the browser's, else the server's default
  // (also when the server could not use the URL's, and says so in the notice).
  function startingZone() {
    if (page.dataset.chosen === "true" || !element("notice").hidden) {
      return page.dataset.zone;
    }
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return browserZone || page.dataset.zone;
  }

  async function start() {
    element("device").hidden = false; // the check of the device's clock: only with this script, so only shown with it
    element("measure").addEventListener("click", measure);
    window.addEventListener("popstate", () => {
      const chosen = new URLSearchParams(location.search).get("tz");
      showZone(chosen || Intl.DateTimeFormat().resolvedOptions().timeZone || page.dataset.zone, false);
    });
    const first = startingZone();
    if (!(await showZone(first, false)) && first !== page.dataset.zone) {
      await showZone(page.dataset.zone, false);
    }
    tick();
    await measure();
  }

  window.timesvcPage = { now: now, showZone: showZone, getJSON: getJSON, zonePath: zonePath, localParts: localParts, _: _ };
  start();
})();
