"""The clock page's languages: which one a browser's Accept-Language gets, the catalogs, one language per page."""
import re

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from tests.support.page_text import english_left
from timesvc.web.languages import CATALOGS, LOCALES, PLACEHOLDER, catalog

CHROME = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CLAIMED = ["fr", "de", "es", "pt", "ja", "zh"]  # besides English, each with its catalog


def read(path):
    with open(path, "rb") as file:
        return read_po(file)


def page(testapp, languages: str | None, tz: str = "Europe/Paris"):
    headers = {"Accept": CHROME, **({"Accept-Language": languages} if languages is not None else {})}
    return testapp.get("/", params={"tz": tz}, headers=headers, status="*")


@pytest.mark.parametrize("accept_language, tag", [
    ("fr-CH, fr;q=0.9, en;q=0.8", "fr-CH"),  # the language and the region's own formats
    ("it, de;q=0.8, en;q=0.5", "de"),  # the first claimed language the browser accepts
    ("en;q=0.5, ja;q=0.9", "ja"),  # by quality, not by order
    ("pt-BR", "pt-BR"), ("pt-PT", "pt-PT"), ("es-419", "es-419"), ("en-GB", "en-GB"),
    ("zh-CN", "zh-Hans-CN"), ("zh", "zh"), ("zh-Hans-SG", "zh-Hans-SG"),
    ("zh-TW, en;q=0.5", "en"), ("zh-Hant", "en"),  # Chinese in traditional script is not claimed
    ("fr-XX", "fr"),  # a region CLDR does not know: the language alone
    ("de;q=0, fr", "fr"),  # q=0 refuses a language
    ("it", "en"), ("*", "en"), ("", "en"), (None, "en"), ("@@ not a header", "en"),
])
def test_the_page_speaks_the_first_claimed_language_the_browser_accepts(testapp, accept_language, tag):
    response = page(testapp, accept_language)
    assert response.status_int == 200 and response.headers["Content-Language"] == tag
    assert f'<html lang="{tag}">' in response.text


@pytest.mark.parametrize("language", CLAIMED)
def test_a_claimed_language_gets_the_whole_page_in_it(testapp, language):
    html = page(testapp, language).text
    assert english_left(html) == set()
    words = catalog("zh_Hans" if language == "zh" else language)
    assert words["Your device's clock"] in html and words["Other zones"] in html


def test_an_unclaimed_language_gets_the_whole_page_in_english(testapp):
    html = page(testapp, "it-IT, it;q=0.9").text
    assert {"Your device's clock", "Other zones", "Next change: %(change)s"} <= english_left(html)
    assert re.search(r'<p id="date" class="date">\w+day, \w+ \d+, \d{4}</p>', html)  # CLDR's English date, not Italian


def test_an_unknown_zones_notice_is_in_the_pages_language(testapp):
    response = page(testapp, "es", tz="Marte/Olimpo")
    assert response.status_int == 400
    assert "No hay ninguna zona horaria llamada &#x27;Marte/Olimpo&#x27;: se muestra Etc/UTC en su lugar." in response.text


def test_the_template_holds_every_sentence_of_the_page_and_its_scripts():
    """`make messages` was run after the last change to a sentence: the template is what the sources say."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    keywords = {**DEFAULT_KEYWORDS, "say": (2,)}  # as the Makefile's `messages` gives them
    extracted = {message for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map, keywords=keywords)}
    template = {message.id for message in read(LOCALES / "clock.pot") if message.id}
    assert extracted == template and len(template) > 40
    assert {"Checking…", "Your clock matches this server's clock (±%(bound)s)."} <= template  # from the scripts too


@pytest.mark.parametrize("folder", CATALOGS)
def test_each_catalog_translates_every_sentence_with_the_same_placeholders(folder):
    template = {message.id for message in read(LOCALES / "clock.pot") if message.id}
    translations = read(LOCALES / folder / "LC_MESSAGES" / "clock.po")
    messages = [message for message in translations if message.id]
    assert {message.id for message in messages} == template
    assert [message.id for message in messages if not message.string or message.fuzzy] == []
    assert [(message.id, message.string) for message in messages
            if sorted(PLACEHOLDER.findall(message.id)) != sorted(PLACEHOLDER.findall(message.string))] == []
    assert [error for _, errors in translations.check() for error in errors] == []  # Babel's own checks
    assert set(catalog(folder)) == template  # all of it is what the page reads


def test_every_catalog_on_disk_is_claimed():
    assert sorted(path.name for path in LOCALES.iterdir() if path.is_dir()) == sorted(CATALOGS)
