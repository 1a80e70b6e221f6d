"""The clock page in headless Chromium against a real pserve: what a visitor sees and can do."""
import json
import math
import os
import shutil
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.browser import chromium, console_errors
from tests.support.contrast import contrast_ratio
from tests.support.page_text import english_left
from timesvc.domain.localized import localized, parse_locale
from timesvc.web.languages import page_language
from timesvc.web.phrases import server_clock_words

By = pytest.importorskip("selenium.webdriver.common.by").By
Keys = pytest.importorskip("selenium.webdriver.common.keys").Keys
WebDriverWait = pytest.importorskip("selenium.webdriver.support.ui").WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "clock-page.png"  # the README's; TIMESVC_UPDATE_SCREENSHOT=1 rewrites it
WAIT = 30  # seconds a page may take to get somewhere before the test fails: a bound, not a measurement
# Shifts the page's wall clock (Date.now() and new Date()) before any of its scripts run.
SHIFT = """(() => {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) { super(...(args.length ? args : [RealDate.now() + %d])); }
    static now() { return RealDate.now() + %d; }
  }
  window.Date = ShiftedDate;
})();"""
# The server's clock status as the page's /time?t1= answers report it, whatever this machine's kernel says.
SERVER_CLOCK = """(() => {
  const realFetch = window.fetch;
  window.fetch = async (url, options) => {
    const response = await realFetch(url, options);
    if (!String(url).startsWith("time?t1=")) return response;
    const body = await response.json();
    body.clock = %s;
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
})();"""
SYNCHRONIZED = {"synchronized": True, "max_error": 0.0125, "est_error": 0.001}
UNSYNCHRONIZED = {"synchronized": False, "max_error": 16.0, "est_error": 16.0}


@pytest.fixture(scope="module")
def site(server):
    return server + "/"


@pytest.fixture
def driver(tmp_path):
    with chromium(tmp_path) as driver:
        yield driver


def before_load(driver, script: str):
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script})


def viewport(driver, width: int, height: int, mobile: bool = False):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def text(driver, element_id: str) -> str:
    return driver.find_element(By.ID, element_id).text


def measured(driver) -> tuple[float, float, str]:
    """(device ahead of the server, bound, the words), in ms, once the page has checked the clock."""
    output = driver.find_element(By.ID, "offset")
    WebDriverWait(driver, WAIT).until(lambda _: output.get_attribute("data-bound-ms"))
    return float(output.get_attribute("data-device-ahead-ms")), float(output.get_attribute("data-bound-ms")), output.text


def shown_instant(driver) -> tuple[float, str]:
    """The instant the page's clock shows (Unix seconds) and its UTC offset, from its datetime attribute."""
    clock = driver.find_element(By.ID, "clock")
    for _ in range(10):  # the clock may tick between two reads: read until both come from one second
        stamp, shown, again = clock.get_attribute("datetime"), clock.text, clock.get_attribute("datetime")
        if stamp == again:
            break
    assert stamp[11:19] == shown  # the digits shown are the instant's
    return datetime.fromisoformat(stamp).timestamp(), stamp[19:]


def zone_shown(driver, name: str):
    WebDriverWait(driver, WAIT).until(lambda _: text(driver, "zone-name") == name and driver.find_element(By.ID, "page").get_attribute("data-zone") == name)


@pytest.mark.parametrize("size, width, height", [("phone", 390, 844), ("desktop", 1440, 900)], ids=["phone", "desktop"])
def test_the_page_renders_at_each_screen_size_without_console_errors(driver, site, tmp_path, size, width, height):
    viewport(driver, width, height, mobile=size == "phone")
    before_load(driver, 'localStorage.setItem("timesvc.worldclock", JSON.stringify(["Asia/Tokyo", "America/New_York", "Asia/Kolkata"]));')
    driver.get(site + "?tz=Europe/Paris")
    measured(driver)
    WebDriverWait(driver, WAIT).until(lambda _: len(driver.find_elements(By.CSS_SELECTOR, "#worldclock .time")) == 3)
    cards = [card.get_attribute("data-zone") for card in driver.find_elements(By.CSS_SELECTOR, "#worldclock li")]
    widest = driver.execute_script("return document.documentElement.scrollWidth")
    screenshot = tmp_path / f"clock-{size}.png"
    driver.save_screenshot(str(screenshot))
    errors = console_errors(driver)
    assert errors == []
    assert cards == ["Asia/Tokyo", "America/New_York", "Asia/Kolkata"]  # the world clock, from localStorage
    assert widest <= width  # nothing wider than the screen: no sideways scrolling
    assert screenshot.stat().st_size > 10_000
    if size == "desktop" and os.environ.get("TIMESVC_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(screenshot, SCREENSHOT)


@pytest.mark.parametrize("shift_ms, clock, words", [
    (5000, SYNCHRONIZED, " ahead ("), (0, SYNCHRONIZED, "Your clock is exact ("), (-3000, UNSYNCHRONIZED, " behind this server's clock ("),
], ids=["ahead", "exact", "behind-unsynchronized"])
def test_the_device_clocks_offset_is_reported_within_a_bound_that_holds_the_true_shift(driver, site, shift_ms, clock, words):
    before_load(driver, SHIFT % (shift_ms, shift_ms))
    before_load(driver, SERVER_CLOCK % json.dumps(clock))
    started = time.time()
    driver.get(site)
    ahead, bound, said = measured(driver)
    shown, _ = shown_instant(driver)
    done = time.time()
    assert abs(ahead - shift_ms) <= bound  # the device and the server share this machine's clock
    assert words in said and console_errors(driver) == []
    assert started - 1.5 <= shown <= done + 0.5  # the server's time, not the shifted device's


def test_tokyo_shows_its_time_and_no_next_transition(driver, site):
    started = time.time()
    driver.get(site + "?tz=Asia/Tokyo")
    zone_shown(driver, "Asia/Tokyo")
    measured(driver)
    shown, offset = shown_instant(driver)
    assert started - 1.5 <= shown <= time.time() + 0.5 and offset == "+09:00"
    assert (text(driver, "abbreviation"), text(driver, "next-transition")) == ("JST", "no clock changes ahead")


def test_without_tz_the_page_shows_the_browsers_zone(driver, site):
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "America/Sao_Paulo"})
    driver.get(site)
    zone_shown(driver, "America/Sao_Paulo")
    assert "tz=" not in driver.current_url and text(driver, "abbreviation") == "-03"


def test_the_picker_finds_kolkata_shows_it_and_the_world_clock_keeps_it(driver, site):
    driver.get(site)
    field = driver.find_element(By.ID, "zone-input")
    field.send_keys("kolkata")
    WebDriverWait(driver, WAIT).until(lambda _: [option.text for option in driver.find_elements(By.CSS_SELECTOR, "#zone-options [role=option]")] == ["Asia/Kolkata"])
    assert field.get_attribute("aria-expanded") == "true"
    field.send_keys(Keys.ARROW_DOWN)
    assert field.get_attribute("aria-activedescendant") == "zone-option-0"
    field.send_keys(Keys.ENTER)
    assert field.get_attribute("value") == "Asia/Kolkata" and field.get_attribute("aria-expanded") == "false"
    driver.find_element(By.ID, "add-zone").click()
    WebDriverWait(driver, WAIT).until(lambda _: driver.find_elements(By.CSS_SELECTOR, '#worldclock li[data-zone="Asia/Kolkata"]'))
    field.send_keys(Keys.ENTER)  # the list is closed: Enter submits the form
    zone_shown(driver, "Asia/Kolkata")
    assert driver.current_url == site + "?tz=Asia/Kolkata" and text(driver, "abbreviation") == "IST"
    driver.refresh()
    WebDriverWait(driver, WAIT).until(lambda _: driver.find_elements(By.CSS_SELECTOR, '#worldclock li[data-zone="Asia/Kolkata"]'))
    assert text(driver, "zone-name") == "Asia/Kolkata"  # the link shows the zone, before any script runs
    assert console_errors(driver) == []


def test_back_shows_the_zone_before_and_remove_forgets_a_world_clock_zone(driver, site):
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "Europe/Paris"})
    before_load(driver, 'if (!localStorage.length) localStorage.setItem("timesvc.worldclock", \'["Asia/Tokyo", "Europe/London"]\');')
    driver.get(site)
    zone_shown(driver, "Europe/Paris")
    field = driver.find_element(By.ID, "zone-input")
    field.send_keys("new york", Keys.ENTER)  # a space for the underscore; Enter with no option highlighted submits
    zone_shown(driver, "America/New_York")
    driver.back()
    zone_shown(driver, "Europe/Paris")
    assert "tz=" not in driver.current_url
    WebDriverWait(driver, WAIT).until(lambda _: len(driver.find_elements(By.CSS_SELECTOR, "#worldclock li")) == 2)
    driver.find_element(By.CSS_SELECTOR, '#worldclock button[aria-label="Remove Asia/Tokyo"]').click()
    driver.refresh()
    WebDriverWait(driver, WAIT).until(lambda _: driver.find_elements(By.CSS_SELECTOR, "#worldclock li"))
    assert [card.get_attribute("data-zone") for card in driver.find_elements(By.CSS_SELECTOR, "#worldclock li")] == ["Europe/London"]
    assert console_errors(driver) == []


def test_without_javascript_the_served_time_and_zone_are_there(driver, site):
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    started = time.time()
    driver.get(site + "?tz=Asia/Tokyo")
    shown, offset = shown_instant(driver)
    assert started - 1 <= shown <= time.time() and offset == "+09:00"
    assert text(driver, "zone-name") == "Asia/Tokyo" and text(driver, "next-transition") == "no clock changes ahead"
    assert "The live clock and the check of your device's clock need JavaScript." in driver.find_element(By.TAG_NAME, "main").text
    assert not driver.find_element(By.ID, "add-zone").is_displayed()  # what needs the script is not offered
    assert not driver.find_element(By.ID, "device").is_displayed()  # nor the card of the device's clock, which needs it all
    cards = {section.find_element(By.CSS_SELECTOR, "h1, h2").text: section.text for section in driver.find_elements(By.TAG_NAME, "section") if section.is_displayed()}
    assert len(cards) == 3 and all(text.removeprefix(heading).strip() for heading, text in cards.items())  # no card empty below its heading


def test_a_script_in_tz_is_shown_as_text_and_never_run(driver, site):
    hostile = "<script>document.title='owned'</script>"
    driver.get(site + "?tz=" + quote(hostile))
    assert hostile in text(driver, "notice") and driver.title != "owned"
    zone_shown(driver, "Etc/UTC")  # the default zone, as the notice says
    assert driver.title != "owned" and hostile in text(driver, "notice")  # the script kept the notice


def requested(driver) -> list[str]:
    """The paths and queries the page has fetched so far, in order."""
    return driver.execute_script('return performance.getEntriesByType("resource").map((entry) => entry.name.replace(location.origin, ""))')


# A browser per claimed language (French with the server's clock synchronized, so "exact"; the others
# not, so "matches this server's clock"), and one in a language the page does not speak: (browser, page).
BROWSER_LANGUAGES = [("fr", "fr", SYNCHRONIZED), ("de", "de", UNSYNCHRONIZED), ("es", "es", UNSYNCHRONIZED), ("pt-BR", "pt-BR", UNSYNCHRONIZED),
                     ("ja", "ja", UNSYNCHRONIZED), ("zh-CN", "zh-Hans-CN", UNSYNCHRONIZED), ("it", "en", UNSYNCHRONIZED)]


@pytest.mark.parametrize("language, tag, clock", BROWSER_LANGUAGES, ids=[language for language, *_ in BROWSER_LANGUAGES])
def test_the_whole_page_speaks_the_browsers_language_as_served_and_as_its_scripts_render_it(site, tmp_path, catalogue, language, tag, clock):
    with chromium(tmp_path, language=language) as driver:
        before_load(driver, 'localStorage.setItem("timesvc.worldclock", JSON.stringify(["Asia/Kolkata", "Europe/London"]));')
        before_load(driver, SERVER_CLOCK % json.dumps(clock))
        driver.get(site + "?tz=Europe/Paris")
        zone_shown(driver, "Europe/Paris")
        _, bound, offset = measured(driver)
        WebDriverWait(driver, WAIT).until(lambda _: len(driver.find_elements(By.CSS_SELECTOR, "#worldclock .city")) == 2)
        served, browser = driver.execute_script("return [document.documentElement.lang, navigator.language]")
        shown, _ = shown_instant(driver)
        local_date = driver.find_element(By.ID, "clock").get_attribute("datetime")[:10]
        page = {name: text(driver, name) for name in ("date", "zone-localized", "server-clock")}
        cities = [city.text for city in driver.find_elements(By.CSS_SELECTOR, "#worldclock .city")]
        english, fetched, errors = english_left(driver.page_source), requested(driver), console_errors(driver)
    assert (served, browser) == (tag, language)  # chosen from the Accept-Language the browser sent with navigator.language's value
    words, now = page_language([tag]), int(shown * 10**9)
    names = localized(catalogue.zone("Europe/Paris"), parse_locale(tag), now)
    if language == "it":
        assert {"Your device's clock", "Other zones"} <= english  # the page does not speak Italian: English throughout
    else:
        assert english == set()  # nothing left in English, as served or as the scripts wrote it
    exact = "Your clock is exact (±%(bound)s)." if clock["synchronized"] else "Your clock matches this server's clock (±%(bound)s)."
    assert offset == words.gettext(exact, bound=words.duration(math.ceil(bound) / 1000, "second", 3))  # the same machine's clock
    assert page["server-clock"] == server_clock_words(words, clock)
    assert page["date"] == words.full_date(date.fromisoformat(local_date))  # CLDR's full date: the browser's Intl as Babel
    assert page["zone-localized"] == f"{names['specific_name']} · {names['exemplar_city']}"
    assert cities == [localized(catalogue.zone(name), parse_locale(tag), now)["exemplar_city"] for name in ("Asia/Kolkata", "Europe/London")]
    assert f"/worldclock?tz=Asia/Kolkata,Europe/London&locale={tag}" in fetched and not any(path.startswith("/time?tz=") for path in fetched)
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_meets_wcag_aa_contrast_in_both_themes(driver, site, tmp_path, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.get(site + "?tz=Nowhere/Atlantis")  # with the notice
    field = driver.find_element(By.ID, "zone-input")
    field.send_keys("america")
    WebDriverWait(driver, WAIT).until(lambda _: driver.find_elements(By.CSS_SELECTOR, "#zone-options [role=option]"))
    field.send_keys(Keys.ARROW_DOWN)  # a highlighted option too
    measured(driver)
    pairs = driver.execute_script(COLOURS)
    driver.save_screenshot(str(tmp_path / f"clock-{scheme}.png"))
    assert {"notice", "zone-option-0", "zone-option-1", "offset", "measure", "zone-input", "zone-input::placeholder"} <= {name for name, _, _ in pairs}
    low = [(name, colour, background) for name, colour, background in pairs if contrast_ratio(colour, background) < 4.5]
    assert low == []
    body = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert body == ("rgb(246, 247, 249)" if scheme == "light" else "rgb(15, 17, 21)")  # the theme took effect


# Every rendered element with text of its own: its colour and the first opaque background behind it.
COLOURS = """
const opaque = (element) => {
  for (let each = element; each; each = each.parentElement) {
    const colour = getComputedStyle(each).backgroundColor;
    if (!colour.startsWith("rgba")) return colour;
  }
  return "rgb(255, 255, 255)";
};
const pairs = [];
for (const element of document.querySelectorAll("body *")) {
  const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim());
  if ((ownText || element.tagName === "INPUT") && element.getClientRects().length) {
    pairs.push([element.id || element.tagName, getComputedStyle(element).color, opaque(element)]);
  }
}
const input = document.getElementById("zone-input");
pairs.push(["zone-input::placeholder", getComputedStyle(input, "::placeholder").color, opaque(input)]);
return pairs;
"""


# Counts the changes to #offset's text from the moment the document exists.
COUNT_OFFSET_CHANGES = """window.offsetChanges = 0;
new MutationObserver((records) => {
  window.offsetChanges += records.filter((record) => record.target.id === "offset").length;
}).observe(document, { subtree: true, childList: true, characterData: true });"""


def test_the_offset_is_announced_once_and_the_ticking_clock_never(driver, site):
    before_load(driver, COUNT_OFFSET_CHANGES)
    driver.get(site)
    measured(driver)
    first = driver.find_element(By.ID, "clock").get_attribute("datetime")
    WebDriverWait(driver, WAIT).until(lambda _: driver.find_element(By.ID, "clock").get_attribute("datetime") != first)  # it ticks
    assert driver.execute_script("return window.offsetChanges") == 1
    assert driver.find_element(By.ID, "offset").get_attribute("aria-live") == "polite"
    live = driver.execute_script("""const found = [];
      for (let each = document.getElementById("clock"); each; each = each.parentElement) found.push(each.getAttribute("aria-live"));
      return found;""")
    assert live[0] == "off" and set(live[1:]) == {None}  # no live region around it either
