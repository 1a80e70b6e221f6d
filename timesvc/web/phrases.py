"""The clock page's phrases in its language, from the values the API answers with.

`words` is the page's language (timesvc.web.languages.PageLanguage): its catalog gives the sentences, CLDR
the dates and numbers in them. timesvc/static/clock/phrases.js says the same for the live page, through the
same catalog and the browser's Intl; tests/web/test_clock_js.py holds the two to the same words in each
language.
"""
import math
from datetime import datetime, timedelta, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
UNITS = ((3600, "hour"), (60, "minute"), (1, "second"))


def amount(words, seconds: int) -> str:
    """A clock change in the largest unit that counts it whole: 1 hr, 30 min, 561 sec."""
    whole = abs(seconds)
    size, unit = next((size, unit) for size, unit in UNITS if whole % size == 0)
    return words.duration(whole // size, unit, 0)


def wall_clock(words, local_seconds: int) -> dict:
    """The date (CLDR's full format) and the time (HH:mm, :ss when not zero) of a zone's local seconds."""
    moment = EPOCH + timedelta(seconds=local_seconds)
    time = f"{moment.hour:02d}:{moment.minute:02d}" + (f":{moment.second:02d}" if moment.second else "")
    return {"date": words.full_date(moment.date()), "time": time}


def transition_words(words, utc_offset_seconds: int, transition: dict | None) -> str:
    """The next transition (as /timezones/{name} lists them) from a zone now at `utc_offset_seconds`.

    The time given is the local time just before the change, the one people set their clocks from.
    """
    if transition is None:
        return words.gettext("no clock changes ahead")
    at = int(datetime.fromisoformat(transition["at"]).timestamp())
    when = wall_clock(words, at + utc_offset_seconds)
    change = transition["utc_offset_seconds"] - utc_offset_seconds
    if change == 0:
        return words.gettext("the abbreviation becomes %(abbreviation)s on %(date)s at %(time)s", abbreviation=transition["abbreviation"], **when)
    if change > 0:
        return words.gettext("clocks go forward %(amount)s on %(date)s at %(time)s", amount=amount(words, change), **when)
    return words.gettext("clocks go back %(amount)s on %(date)s at %(time)s", amount=amount(words, change), **when)


def tenths(value: float) -> int:
    """`value` in tenths, halves rounded up: the same count as phrases.js for the same double."""
    return math.floor(value * 10 + 0.5)


def duration(words, seconds: float) -> str:
    """A clock's error to a tenth: 2.0 ms below a second, 16.0 sec from one."""
    if seconds < 1:
        return words.duration(tenths(seconds * 1000) / 10, "millisecond", 1)
    return words.duration(tenths(seconds) / 10, "second", 1)


def server_clock_words(words, clock: dict) -> str:
    """The server's clock status (the `clock` object of /time) in a sentence."""
    synchronized, max_error = clock.get("synchronized"), clock.get("max_error")
    if synchronized is None:
        return words.gettext("The server cannot tell whether its clock is synchronized.")
    if max_error is None:
        return words.gettext("The server's clock is synchronized.") if synchronized else words.gettext("The server's clock is not synchronized.")
    if synchronized:
        return words.gettext("The server's clock is synchronized, within %(error)s of the true time.", error=duration(words, max_error))
    return words.gettext("The server's clock is not synchronized: it may be off by up to %(error)s.", error=duration(words, max_error))
