"""The English phrases the clock page shows, from the values the API answers with.

timesvc/static/clock/phrases.js says the same for the live page; tests/web/test_clock_js.py holds
the two to the same words for the same values.
"""
import math
from datetime import datetime, timedelta, timezone

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def amount(seconds: int) -> str:
    """A clock change as people say it: `1 h`, `30 min`, `1 h 30 min`."""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{secs} s" if secs else ""]
    return " ".join(part for part in parts if part)


def wall_clock(local_seconds: int) -> str:
    """`Sun 28 Mar 2027 at 02:00` for seconds since the epoch of a zone's local time."""
    moment = EPOCH + timedelta(seconds=local_seconds)
    time = f"{moment.hour:02d}:{moment.minute:02d}" + (f":{moment.second:02d}" if moment.second else "")
    return f"{DAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} {moment.year} at {time}"


def transition_words(utc_offset_seconds: int, transition: dict | None) -> str:
    """The next transition (as /timezones/{name} lists them) from a zone now at `utc_offset_seconds`.

    The time given is the local time just before the change, the one people set their clocks from.
    """
    if transition is None:
        return "no clock changes ahead"
    at = int(datetime.fromisoformat(transition["at"]).timestamp())
    when = wall_clock(at + utc_offset_seconds)
    change = transition["utc_offset_seconds"] - utc_offset_seconds
    if change == 0:
        return f"the abbreviation becomes {transition['abbreviation']} on {when}"
    return f"clocks go {'forward' if change > 0 else 'back'} {amount(change)} on {when}"


def tenths(value: float) -> str:
    """`value` to one decimal, halves rounded up: the same digits as phrases.js for the same double."""
    count = math.floor(value * 10 + 0.5)
    return f"{count // 10}.{count % 10}"


def duration(seconds: float) -> str:
    return f"{tenths(seconds * 1000)} ms" if seconds < 1 else f"{tenths(seconds)} s"


def server_clock_words(clock: dict) -> str:
    """The server's clock status (the `clock` object of /time) in a sentence."""
    synchronized, max_error = clock.get("synchronized"), clock.get("max_error")
    if synchronized is None:
        return "The server cannot tell whether its clock is synchronized."
    if synchronized:
        bound = f", within {duration(max_error)} of the true time" if max_error is not None else ""
        return f"The server's clock is synchronized{bound}."
    bound = f": it may be off by up to {duration(max_error)}" if max_error is not None else ""
    return f"The server's clock is not synchronized{bound}."
