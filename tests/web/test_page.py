import json
import re
from html import unescape

from timesvc.web.languages import page_language
from timesvc.web.page import PageValues, render_page
from timesvc.web.phrases import amount, server_clock_words, transition_words

ENGLISH, FRENCH = page_language([]), page_language(["fr"])

PARIS = {
    "timezone": "Europe/Paris", "datetime": "2027-03-28T01:59:58.250000+01:00", "utc_offset": "+01:00",
    "utc_offset_seconds": 3600, "abbreviation": "CET", "dst": False, "day_of_week": 7,
}
SPRING = {"at": "2027-03-28T01:00:00Z", "utc_offset": "+02:00", "utc_offset_seconds": 7200, "abbreviation": "CEST", "dst": True}
SYNCHRONIZED = {"synchronized": True, "max_error": 0.002, "est_error": 0.0005}


def page(words=ENGLISH, **changes) -> str:
    return render_page(PageValues(**{"zone": PARIS, "next_transition": SPRING, "clock": SYNCHRONIZED, "tzdata_version": "2026f", **changes}), words)


def test_a_transition_is_said_at_the_local_time_before_it():
    assert transition_words(ENGLISH, 3600, SPRING) == "clocks go forward 1 hr on Sunday, March 28, 2027 at 02:00"
    autumn = {**SPRING, "at": "2027-10-31T01:00:00Z", "utc_offset_seconds": 3600, "abbreviation": "CET"}
    assert transition_words(ENGLISH, 7200, autumn) == "clocks go back 1 hr on Sunday, October 31, 2027 at 03:00"
    assert transition_words(FRENCH, 7200, autumn) == "les horloges reculent de 1\u202fh le dimanche 31 octobre 2027 à 03:00"


def test_half_hours_seconds_and_abbreviation_only_changes_have_their_words():
    lord_howe = {"at": "2026-10-03T15:30:00Z", "utc_offset_seconds": 39600, "abbreviation": "+11"}
    assert transition_words(ENGLISH, 37800, lord_howe) == "clocks go forward 30 min on Sunday, October 4, 2026 at 02:00"
    assert amount(ENGLISH, -5400) == "90 min" and amount(ENGLISH, 28) == "28 sec" and amount(ENGLISH, 7200) == "2 hr"
    renamed = {"at": "2027-01-01T00:00:00Z", "utc_offset_seconds": 3600, "abbreviation": "XYZ"}
    assert transition_words(ENGLISH, 3600, renamed) == "the abbreviation becomes XYZ on Friday, January 1, 2027 at 01:00"
    lmt = {"at": "1911-03-10T23:50:39Z", "utc_offset_seconds": 0, "abbreviation": "WET"}
    assert transition_words(ENGLISH, 561, lmt) == "clocks go back 561 sec on Saturday, March 11, 1911 at 00:00"


def test_a_zone_without_transitions_says_so():
    assert transition_words(ENGLISH, 32400, None) == "no clock changes ahead"
    assert transition_words(FRENCH, 32400, None) == "aucun changement d’heure prévu"


def test_the_server_clock_is_described_in_plain_words():
    assert server_clock_words(ENGLISH, SYNCHRONIZED) == "The server's clock is synchronized, within 2.0 ms of the true time."
    assert server_clock_words(ENGLISH, {"synchronized": False, "max_error": 16.0}) == "The server's clock is not synchronized: it may be off by up to 16.0 sec."
    assert server_clock_words(ENGLISH, {"synchronized": True, "max_error": None}) == "The server's clock is synchronized."
    assert server_clock_words(ENGLISH, {"synchronized": False, "max_error": None}) == "The server's clock is not synchronized."
    assert server_clock_words(ENGLISH, {"synchronized": None, "max_error": None}) == "The server cannot tell whether its clock is synchronized."
    assert server_clock_words(FRENCH, SYNCHRONIZED) == "L’horloge du serveur est synchronisée sur l’heure exacte, à 2,0\u202fms près."


def test_the_page_shows_the_zone_and_its_time_at_load():
    html = page()
    assert '<time id="clock" role="timer" aria-live="off" datetime="2027-03-28T01:59:58+01:00">01:59:58</time>' in html
    assert '<span id="zone-name">Europe/Paris</span>' in html
    assert ">Sunday, March 28, 2027<" in html and ">UTC+01:00<" in html and ">not in effect<" in html
    assert 'Next change: <span id="next-transition">clocks go forward 1 hr on Sunday, March 28, 2027 at 02:00</span>' in html
    assert "need JavaScript" in html.split("<noscript>")[1].split("</noscript>")[0]


def test_the_page_is_in_one_language_and_hands_it_to_its_scripts():
    html = page(FRENCH, zone_names="heure normale d’Europe centrale · Paris")
    assert html.startswith('<!doctype html>\n<html lang="fr">')
    assert '<h1 id="now-heading">Heure du fuseau <span id="zone-name">Europe/Paris</span></h1>' in html
    assert "<title>Heure du fuseau Europe/Paris — timesvc</title>" in html and ">dimanche 28 mars 2027<" in html
    assert '<p id="zone-localized" class="muted">heure normale d’Europe centrale · Paris</p>' in html
    messages = json.loads(unescape(re.search(r'data-messages="([^"]*)"', html).group(1)))
    assert messages == FRENCH.messages and messages["Checking…"] == "Vérification…"  # the scripts' sentences too
    assert 'data-messages="{}"' in page() and '<html lang="en">' in page()


def test_the_device_clock_card_is_hidden_until_the_script_shows_it():
    """Without the script nothing in it would work: no card that can only stay empty."""
    assert '<section id="device" class="panel" aria-labelledby="offset-heading" hidden>' in page()
    assert "<noscript>" in page().split('<section class="now"')[1].split("</section>")[0]  # what needs the script is said there


def test_every_value_is_escaped():
    hostile = '<script>alert("x")</script>'
    html = page(zone={**PARIS, "timezone": hostile, "abbreviation": '"><img src=x>'}, notice=f"unknown time zone {hostile}")
    assert "<script>alert" not in html and "<img src=x>" not in html
    assert 'data-zone="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in html
    assert f"unknown time zone &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>" in html


def test_the_notice_is_hidden_unless_there_is_one():
    assert '<p id="notice" class="notice" role="alert" hidden></p>' in page()
    assert '<p id="notice" class="notice" role="alert">Cannot show it</p>' in page(notice="Cannot show it")


def test_the_page_has_no_inline_script_or_style():
    html = page()
    assert html.count("<script") == html.count('<script src="static/clock/') == 4
    assert "<style" not in html and " style=" not in html
    assert re.search(r"\son\w+=", html) is None  # no event handler attributes


def test_the_page_has_landmarks_and_labels():
    html = page()
    assert all(tag in html for tag in ("<header", '<nav aria-label="API">', "<main", "<footer"))
    assert '<label for="zone-input">' in html and '<input id="zone-input"' in html
    assert html.count("<section") == html.count("aria-labelledby=") == 4
    assert '<p id="offset" aria-live="polite" aria-atomic="true"></p>' in html  # said once the check ends
