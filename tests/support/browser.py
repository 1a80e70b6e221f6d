"""Headless Chromium driven by Debian's chromedriver, for the pages' tests against a real pserve.

Nothing is downloaded: Chromium and chromedriver are Debian's (CI installs them from
.ci/apt-packages), and the flags keep Chromium from calling out, which the closed network would refuse.
"""
import json
import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


@contextmanager
def chromium(tmp_path, window: str = "1280,1600", language: str | None = None, flags: tuple[str, ...] = (), network: bool = False):
    """Yield a Selenium driver for a new headless Chromium with its own empty profile; quit afterwards.

    `language` (a BCP 47 tag) is the browser's: navigator.language and Accept-Language. Headless Chromium
    ignores --lang; the profile's intl.accept_languages preference sets both. `flags`: more command-line
    flags; `network`: keep the DevTools network events that requested_urls() reads.
    """
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Debian packages chromium and chromium-driver are not installed (CI installs them from .ci/apt-packages)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, *flags, f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={window}"):
        options.add_argument(flag)
    if language:
        options.add_experimental_option("prefs", {"intl.accept_languages": language})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if network else {})})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver) -> list[str]:
    """The console's errors since the last call: script errors, failed loads and CSP violations land here."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(driver) -> list[str]:
    """Every URL the browser set out to fetch since the last call, those a CSP then blocked too (chromium(network=True))."""
    messages = (json.loads(entry["message"])["message"] for entry in driver.get_log("performance"))
    return [message["params"]["request"]["url"] for message in messages if message["method"] == "Network.requestWillBeSent"]
