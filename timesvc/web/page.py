"""The clock page's HTML as served: the time and zone at the moment it was rendered, escaped.

Pure: a function from values to text. The page's scripts (timesvc/static/clock/) take over from
there; without them the page still shows what it was rendered with, and says what needs them.
"""
from dataclasses import dataclass
from html import escape
from string import Template

from .phrases import server_clock_words, transition_words

ASSETS = "static/clock"  # relative: the page works wherever the application is mounted
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class PageValues:
    """What the page shows at load.

    `zone` is `Zone.describe()` at the instant, `next_transition` the next of its transitions
    (`Transition.as_dict()`) or None, `clock` `ClockStatus.describe()`; `chosen` says the zone came
    from ?tz=, `notice` why a ?tz= could not be used; `worldclock` whether the server has /worldclock.
    """

    zone: dict
    next_transition: dict | None
    clock: dict
    tzdata_version: str
    chosen: bool = False
    notice: str | None = None
    worldclock: bool = False


PAGE = Template("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Time in $zone — timesvc</title>
<link rel="stylesheet" href="$assets/clock.css">
<link rel="icon" type="image/svg+xml" href="$assets/icon.svg">
<script src="$assets/offset.js" defer></script>
<script src="$assets/phrases.js" defer></script>
<script src="$assets/clock.js" defer></script>
<script src="$assets/picker.js" defer></script>
</head>
<body>
<header class="bar">
<p class="brand">timesvc</p>
<nav aria-label="API"><a href="docs">API documentation</a> <a href="openapi.json">OpenAPI</a></nav>
</header>
<main id="page" data-zone="$zone" data-chosen="$chosen" data-worldclock="$worldclock">
<p id="notice" class="notice" role="alert"$notice_hidden>$notice</p>
<section class="now" aria-labelledby="now-heading">
<h1 id="now-heading">Time in <span id="zone-name">$zone</span></h1>
<p id="zone-localized" class="muted" hidden></p>
<p class="clock"><time id="clock" role="timer" aria-live="off" datetime="$datetime">$time</time></p>
<p id="date" class="date">$date</p>
<dl class="facts">
<div><dt>Abbreviation</dt><dd id="abbreviation">$abbreviation</dd></div>
<div><dt>UTC offset</dt><dd id="utc-offset">$utc_offset</dd></div>
<div><dt>Daylight saving time</dt><dd id="dst">$dst</dd></div>
</dl>
<p>Next change: <span id="next-transition">$next_transition</span></p>
</section>
<section class="panel" aria-labelledby="offset-heading">
<h2 id="offset-heading">Your device's clock</h2>
<p id="offset" aria-live="polite" aria-atomic="true"></p>
<noscript><p class="muted">The live clock and the check of your device's clock need JavaScript. The time above is the server's when it sent this page.</p></noscript>
<button type="button" id="measure" hidden>Check again</button>
</section>
<section class="panel" aria-labelledby="server-heading">
<h2 id="server-heading">The server's clock</h2>
<p id="server-clock">$server_clock</p>
</section>
<section class="panel wide" aria-labelledby="zones-heading">
<h2 id="zones-heading">Other zones</h2>
<form id="picker" role="search" method="get" action="">
<label for="zone-input">Time zone</label>
<div class="combo">
<input id="zone-input" name="tz" type="text" required autocomplete="off" spellcheck="false" placeholder="e.g. Tokyo"
 role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="zone-options">
<ul id="zone-options" role="listbox" aria-label="Matching zones" hidden></ul>
</div>
<button type="submit">Show</button>
<button type="button" id="add-zone" hidden>Add to world clock</button>
</form>
<p id="picker-message" class="muted" aria-live="polite"></p>
<ul id="worldclock" class="worldclock" aria-label="World clock"></ul>
</section>
</main>
<footer class="bar">
<p>Zone data: IANA tzdata $tzdata_version. Times shown are the server's, corrected for your device's clock once it is checked.</p>
</footer>
</body>
</html>
""")


def _date(zone: dict) -> str:
    year, month, day = (int(part) for part in zone["datetime"][:10].split("-"))
    return f"{WEEKDAYS[zone['day_of_week'] - 1]} {day} {MONTHS[month - 1]} {year}"


def render_page(values: PageValues) -> str:
    """The page's HTML; every value is escaped, attribute or text."""
    zone = values.zone
    fields = {
        "assets": ASSETS,
        "zone": zone["timezone"],
        "chosen": "true" if values.chosen else "false",
        "worldclock": "worldclock" if values.worldclock else "",
        "notice": values.notice or "",
        "notice_hidden": "" if values.notice else " hidden",
        "datetime": zone["datetime"][:19] + zone["utc_offset"],
        "time": zone["datetime"][11:19],
        "date": _date(zone),
        "abbreviation": zone["abbreviation"],
        "utc_offset": f"UTC{zone['utc_offset']}",
        "dst": "in effect" if zone["dst"] else "not in effect",
        "next_transition": transition_words(zone["utc_offset_seconds"], values.next_transition),
        "server_clock": server_clock_words(values.clock),
        "tzdata_version": values.tzdata_version,
    }
    return PAGE.substitute({name: escape(str(value)) for name, value in fields.items()})
