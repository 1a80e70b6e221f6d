"""ezTime's reading of a POSIX TZ string and its local time, ported from ropg/ezTime src/ezTime.cpp.

Written from reading `Timezone::tzTime`, `ezt::makeOrdinalTime`, `ezt::makeTime` and `ezt::breakTime`
(ezTime 0.8.3, the master branch): one character at a time through a state machine, `atoi` where
ezTime calls it, and C's integer widths where they change a value (hours in uint8_t, the offset in
int16_t, seconds in uint32_t). Its quirks are kept on purpose: the field after the DST name is the DST
*shift*, an hour above 23 moves the day the weekday is counted from, and the year is the UTC year.
"""
from functools import lru_cache

STD_NAME, OFFSET_HR, OFFSET_MIN, DST_NAME, DST_SHIFT_HR, DST_SHIFT_MIN = range(6)
START_MONTH, START_WEEK, START_DOW, START_TIME_HR, START_TIME_MIN = range(6, 11)
END_MONTH, END_WEEK, END_DOW, END_TIME_HR, END_TIME_MIN = range(11, 16)
_SECS_PER_DAY = 86400
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _u8(value: int) -> int:
    return value & 0xFF


def _s8(value: int) -> int:
    value &= 0xFF
    return value - 0x100 if value & 0x80 else value


def _s16(value: int) -> int:
    value &= 0xFFFF
    return value - 0x10000 if value & 0x8000 else value


def _u32(value: int) -> int:
    return value & 0xFFFFFFFF


def atoi(text: str) -> int:
    """C's atoi: leading blanks, one sign, then digits up to the first other character."""
    index = 0
    while index < len(text) and text[index] in " \t\n\v\f\r":
        index += 1
    sign = 1
    if index < len(text) and text[index] in "+-":
        sign = -1 if text[index] == "-" else 1
        index += 1
    start = index
    while index < len(text) and text[index].isdigit():
        index += 1
    return sign * int(text[start:index]) if index > start else 0


def _leap(year_since_1970: int) -> bool:
    year = 1970 + year_since_1970
    return year > 0 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def break_time(t: int) -> tuple[int, int]:
    """ezt::breakTime's year (since 1970) and weekday (Sunday = 1), from the time as a uint32_t."""
    time = _u32(t) // _SECS_PER_DAY
    return _year_of_day(time), (time + 4) % 7 + 1


# The tests ask for ~10^5 instants a zone: each day's year and each rule's instant are computed once.
@lru_cache(maxsize=1 << 16)
def _year_of_day(time: int) -> int:
    year, days = 0, 0
    while True:
        days += 366 if _leap(year) else 365
        if days > time:
            break
        year = _u8(year + 1)
    return year


def make_time(hour: int, minute: int, second: int, day: int, month: int, year: int) -> int:
    """ezt::makeTime, fields as tmElements_t's uint8_t and the sum as a uint32_t."""
    year = _u8(year - 1970 if year > 68 else year)
    seconds = year * _SECS_PER_DAY * 365
    seconds += sum(_SECS_PER_DAY for past in range(year) if _leap(past))
    for index in range(1, _u8(month)):
        seconds += _SECS_PER_DAY * (29 if index == 2 and _leap(year) else _MONTH_DAYS[index - 1])
    seconds += (_u8(day) - 1) * _SECS_PER_DAY + _u8(hour) * 3600 + _u8(minute) * 60 + _u8(second)
    return _u32(seconds)


@lru_cache(maxsize=1 << 16)
def make_ordinal_time(hour: int, minute: int, second: int, ordinal: int, wday: int, month: int, year: int) -> int:
    """ezt::makeOrdinalTime: the `ordinal` `wday` (Sunday = 1) of a month, 0 or 5 for the last one."""
    if year <= 68:
        year += 1970
    m, w = month, ordinal
    if w == 5:
        ordinal, w = 0, 0
    if w == 0:
        m += 1
        if m > 12:
            m, year = 1, year + 1
        w = 1
    t = make_time(hour, minute, second, 1, m, year)
    utc_weekday = break_time(t)[1]  # UTC.weekday(t): the UTC Timezone's offset is 0
    t += ((wday - utc_weekday + 7) % 7 + (w - 1) * 7) * _SECS_PER_DAY
    if ordinal == 0:
        t -= 7 * _SECS_PER_DAY
    return t


class EzTimezone:
    """One Timezone after setPosix(posix): `local(t)` is tzTime(t, UTC_TIME) with its name and offset."""

    def __init__(self, posix: str):
        self.posix = posix
        self._parse()

    def _parse(self):
        posix = self.posix
        length = len(posix)
        offset_hr, offset_min, dst_shift_hr, dst_shift_min = 0, 0, 1, 0
        start = {"month": 0, "week": 0, "dow": 0, "hr": 2, "min": 0}
        end = {"month": 0, "week": 0, "dow": 0, "hr": 2, "min": 0}
        state, ignore_nums = STD_NAME, False
        stdname_end, dstname_begin, dstname_end = _u8(length - 1), _u8(length), _u8(length)
        for strpos in range(length):
            c = posix[strpos]
            rest = posix[strpos:]
            # Each block may move the state on and let the next block see the same character, as in C.
            if c and state == STD_NAME:
                if c == "<":
                    ignore_nums = True
                if c == ">":
                    ignore_nums = False
                if not ignore_nums and (c.isdigit() or c in "-+"):
                    state, stdname_end = OFFSET_HR, _u8(strpos - 1)
            if c and state == OFFSET_HR:
                if c == "+":
                    pass
                elif c == ":":
                    state, c = OFFSET_MIN, ""
                elif c != "-" and not c.isdigit():
                    state, dstname_begin = DST_NAME, _u8(strpos)
                elif not offset_hr:
                    offset_hr = _s8(atoi(rest))
            if c and state == OFFSET_MIN:
                if not c.isdigit():
                    state, dstname_begin, ignore_nums = DST_NAME, _u8(strpos), False
                elif not offset_min:
                    offset_min = _u8(atoi(rest))
            if c and state == DST_NAME:
                if c == "<":
                    ignore_nums = True
                if c == ">":
                    ignore_nums = False
                if c == ",":
                    state, c, dstname_end = START_MONTH, "", _u8(strpos - 1)
                elif not ignore_nums and (c == "-" or c.isdigit()):
                    state, dstname_end = DST_SHIFT_HR, _u8(strpos - 1)
            if c and state == DST_SHIFT_HR:
                if c == ":":
                    state, c = DST_SHIFT_MIN, ""
                elif c == ",":
                    state, c = START_MONTH, ""
                elif dst_shift_hr == 1:
                    dst_shift_hr = _s8(atoi(rest))
            if c and state == DST_SHIFT_MIN:
                if c == ",":
                    state, c = START_MONTH, ""
                elif not dst_shift_min:
                    dst_shift_min = _u8(atoi(rest))
            state, c = self._rule_char(state, c, rest, start, START_MONTH)
            state, c = self._rule_char(state, c, rest, end, END_MONTH)
        self.std_offset = _s16(offset_hr * 60 - offset_min if offset_hr < 0 else offset_hr * 60 + offset_min)
        self.dst_offset = _s16(self.std_offset - dst_shift_hr * 60 - dst_shift_min)
        self.std_name = _substring(posix, 0, stdname_end + 1)
        self.dst_name = _substring(posix, dstname_begin, dstname_end + 1)
        self.start, self.end = start, end

    @staticmethod
    def _rule_char(state, c, rest, rule, first):
        """The five states of one rule (month, week, weekday, hour, minute); END_DOW has no ',' way out."""
        month, week, dow, hour, minute = range(first, first + 5)
        if c and state == month:
            if c == ".":
                state, c = week, ""
            elif c != "M" and not rule["month"]:
                rule["month"] = _u8(atoi(rest))
        if c and state == week:
            if c == ".":
                state, c = dow, ""
            else:
                rule["week"] = _u8(ord(c) - ord("0"))
        if c and state == dow:
            if c == "/":
                state, c = hour, ""
            elif c == "," and first == START_MONTH:
                state, c = END_MONTH, ""
            else:
                rule["dow"] = _u8(ord(c) - ord("0"))
        if c and state == hour:
            if c == ":":
                state, c = minute, ""
            elif c == "," and first == START_MONTH:
                state, c = END_MONTH, ""
            elif rule["hr"] == 2:
                rule["hr"] = _u8(atoi(rest))
        if c and state == minute:
            if c == "," and first == START_MONTH:
                state, c = END_MONTH, ""
            elif not rule["min"]:
                rule["min"] = _u8(atoi(rest))
        return state, c

    def local(self, t: int) -> tuple[int, str]:
        """(UTC offset in seconds east, name) that ezTime shows at UTC instant `t`."""
        tzname = self.std_name
        if not self.start["month"]:
            if tzname == "UTC" and self.std_offset:
                tzname = "???"
            return -self.std_offset * 60, tzname
        year = break_time(t)[0] + 1970
        dst_start = self._ordinal(self.start, year) + self.std_offset * 60
        dst_end = self._ordinal(self.end, year) + self.dst_offset * 60
        if dst_end > dst_start:
            is_dst = dst_start <= t < dst_end
        else:
            is_dst = not (dst_end <= t < dst_start)
        if is_dst:
            return -self.dst_offset * 60, self.dst_name
        return -self.std_offset * 60, tzname

    @staticmethod
    def _ordinal(rule, year):
        return make_ordinal_time(rule["hr"], rule["min"], 0, rule["week"], _u8(rule["dow"] + 1), rule["month"], year)


def _substring(text: str, left: int, right: int) -> str:
    """Arduino String::substring: swapped if reversed, clamped to the length."""
    if left > right:
        left, right = right, left
    if left >= len(text):
        return ""
    return text[left : min(right, len(text))]


def reads_right(catalogue, answer: str, now: int) -> bool:
    """Whether ezTime's reading of a timezoned `OK <zone> <string>` answer shows the zone's tz data (zoneinfo
    reading the pinned tzdata) from `now` until the string's posix_tz_until, or to 2038."""
    from datetime import datetime

    from tests.support.tz_reference import Reference

    _, name, string = answer.split(" ", 2)
    until = catalogue.zone(name).posix_fields(now, "eztime")["posix_tz_until"]
    reference, device = Reference(catalogue.zone(name).tzinfo), EzTimezone(string)
    for instant in reference.instants(now, None if until is None else int(datetime.fromisoformat(until).timestamp())):
        offset, abbreviation = reference.at(instant)
        if device.local(instant) != (offset, abbreviation if abbreviation.isalpha() else f"<{abbreviation}>"):
            return False
    return True
