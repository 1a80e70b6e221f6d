"""The clock page's HTML as served, in one language: the time and zone at the moment it was rendered, escaped.

Pure: a function from values and a language (timesvc.web.languages.PageLanguage) to text. The page's
scripts (timesvc/static/clock/) take over from there, in the language the page names (<html lang>) with
the translations it carries (data-messages); without them the page still shows what it was rendered with,
and says what needs them.
"""
import json
from dataclasses import dataclass
from datetime import date
from html import escape
from string import Template

from .phrases import server_clock_words, transition_words

ASSETS = "static/clock"  # relative: the page works wherever the application is mounted


@dataclass(frozen=True)
class PageValues:
    """What the page shows at load.

    `zone` is `Zone.describe()` at the instant, `next_transition` the next of its transitions
    (`Transition.as_dict()`) or None, `clock` `ClockStatus.describe()`; `chosen` says the zone came
    from ?tz=, `notice` why a ?tz= could not be used; `worldclock` whether the server has /worldclock;
    `zone_names` the zone's CLDR names in the page's language (`localized`'s specific name · city).
    """

    zone: dict
    next_transition: dict | None
    clock: dict
    tzdata_version: str
    chosen: bool = False
    notice: str | None = None
    worldclock: bool = False
    zone_names: str = ""


PAGE = Template("""<!doctype html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>$title</title>
<link rel="stylesheet" href="$assets/clock.css">
<link rel="icon" type="image/svg+xml" href="$assets/icon.svg">
<script src="$assets/phrases.js" defer></script>
<script src="$assets/offset.js" defer></script>
<script src="$assets/clock.js" defer></script>
<script src="$assets/picker.js" defer></script>
</head>
<body>
<header class="bar">
<p class="brand">timesvc</p>
<nav aria-label="API"><a href="docs">$api_documentation</a> <a href="openapi.json">OpenAPI</a></nav>
</header>
<main id="page" data-zone="$zone" data-chosen="$chosen" data-worldclock="$worldclock" data-messages="$messages">
<p id="notice" class="notice" role="alert"$notice_hidden>$notice</p>
<section class="now" aria-labelledby="now-heading">
<h1 id="now-heading">$time_in</h1>
<p id="zone-localized" class="muted"$zone_names_hidden>$zone_names</p>
<p class="clock"><time id="clock" role="timer" aria-live="off" datetime="$datetime">$time</time></p>
<p id="date" class="date">$date</p>
<dl class="facts">
<div><dt>$abbreviation_term</dt><dd id="abbreviation">$abbreviation</dd></div>
<div><dt>$utc_offset_term</dt><dd id="utc-offset">$utc_offset</dd></div>
<div><dt>$dst_term</dt><dd id="dst">$dst</dd></div>
</dl>
<p>$next_change</p>
<noscript><p class="muted">$needs_javascript</p></noscript>
</section>
<section id="device" class="panel" aria-labelledby="offset-heading" hidden>
<h2 id="offset-heading">$device_heading</h2>
<p id="offset" aria-live="polite" aria-atomic="true"></p>
<button type="button" id="measure" hidden>$check_again</button>
</section>
<section class="panel" aria-labelledby="server-heading">
<h2 id="server-heading">$server_heading</h2>
<p id="server-clock">$server_clock</p>
</section>
<section class="panel wide" aria-labelledby="zones-heading">
<h2 id="zones-heading">$zones_heading</h2>
<form id="picker" role="search" method="get" action="">
<label for="zone-input">$zone_label</label>
<div class="combo">
<input id="zone-input" name="tz" type="text" required autocomplete="off" spellcheck="false" placeholder="$placeholder"
 role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="zone-options">
<ul id="zone-options" role="listbox" aria-label="$matching_zones" hidden></ul>
</div>
<button type="submit">$show</button>
<button type="button" id="add-zone" hidden>$add_zone</button>
</form>
<p id="picker-message" class="muted" aria-live="polite"></p>
<ul id="worldclock" class="worldclock" aria-label="$world_clock"></ul>
</section>
</main>
<footer class="bar">
<p>$footer</p>
</footer>
</body>
</html>
""")


def _date(words, zone: dict) -> str:
    year, month, day = (int(part) for part in zone["datetime"][:10].split("-"))
    return words.full_date(date(year, month, day))


def _with_markup(sentence: str, name: str, markup: str) -> str:
    """A translated sentence, escaped, with the already escaped `markup` where its %(name)s was."""
    return escape(sentence).replace(f"%({name})s", markup)


def render_page(values: PageValues, words) -> str:
    """The page's HTML in the language `words`; every value is escaped, attribute or text."""
    zone = values.zone
    _ = words.gettext  # the name pybabel extracts the page's sentences by (babel.cfg)
    text = {
        "lang": words.tag,
        "assets": ASSETS,
        "title": _("Time in %(zone)s", zone=zone["timezone"]) + " — timesvc",
        "api_documentation": _("API documentation"),
        "zone": zone["timezone"],
        "chosen": "true" if values.chosen else "false",
        "worldclock": "worldclock" if values.worldclock else "",
        "messages": json.dumps(words.messages, ensure_ascii=False, sort_keys=True),
        "notice": values.notice or "",
        "notice_hidden": "" if values.notice else " hidden",
        "zone_names": values.zone_names,
        "zone_names_hidden": "" if values.zone_names else " hidden",
        "datetime": zone["datetime"][:19] + zone["utc_offset"],
        "time": zone["datetime"][11:19],
        "date": _date(words, zone),
        "abbreviation_term": _("Abbreviation"),
        "abbreviation": zone["abbreviation"],
        "utc_offset_term": _("UTC offset"),
        "utc_offset": f"UTC{zone['utc_offset']}",
        "dst_term": _("Daylight saving time"),
        "dst": _("in effect") if zone["dst"] else _("not in effect"),
        "needs_javascript": _("The live clock and the check of your device's clock need JavaScript. The time above is the server's when it sent this page."),
        "device_heading": _("Your device's clock"),
        "check_again": _("Check again"),
        "server_heading": _("The server's clock"),
        "server_clock": server_clock_words(words, values.clock),
        "zones_heading": _("Other zones"),
        "zone_label": _("Time zone"),
        "placeholder": _("e.g. Tokyo"),
        "matching_zones": _("Matching zones"),
        "show": _("Show"),
        "add_zone": _("Add to world clock"),
        "world_clock": _("World clock"),
        "footer": _("Zone data: IANA tzdata %(version)s. Times shown are the server's, corrected for your device's clock once it is checked.", version=values.tzdata_version),
    }
    fields = {name: escape(str(value)) for name, value in text.items()}
    zone_name = f'<span id="zone-name">{fields["zone"]}</span>'
    following = escape(transition_words(words, zone["utc_offset_seconds"], values.next_transition))
    fields["time_in"] = _with_markup(_("Time in %(zone)s"), "zone", zone_name)
    fields["next_change"] = _with_markup(_("Next change: %(change)s"), "change", f'<span id="next-transition">{following}</span>')
    return PAGE.substitute(fields)
