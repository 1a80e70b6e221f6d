"""newlib's reading of TZ and its localtime, ported from newlib/libc/time/tzset_r.c, tzcalc_limits.c, lcltime_r.c.

Two grammars, as newlib's history has them (docs/devices.md): "old" is tzset_r.c up to newlib 4.2
(names are `%10[^0-9,+-]`: anything up to a digit, sign or comma), "new" is 539ac66ff and 2dbdf66b9
(April 2022, newlib 4.3.0 on): `<...>` names, 3 to 10 characters, and errors leave UTC. Both read
hours with `%hu`, so "-1" is 65535. A Python port rather than the C: sscanf is re-done below for the
few conversions tzset uses (`%N[set]`, `%hu`, `%n`, literals), as newlib's __svfscanf_r does them.
"""
import re
from datetime import datetime, timezone

_SECSPERDAY = 86400
_MONTH_LENGTHS = ((31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31))
_DIRECTIVE = re.compile(r"%(\d*)(\[\^?\]?[^\]]*\]|hu|n)|(.)", re.S)


def _scanset(spec: str):
    negate = spec.startswith("^")
    body = spec[1:] if negate else spec
    members = set()
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            members.update(chr(code) for code in range(ord(body[index]), ord(body[index + 2]) + 1))
            index += 3
        else:
            members.add(body[index])
            index += 1
    return (lambda char: char not in members) if negate else (lambda char: char in members)


def sscanf(text: str, fmt: str) -> tuple[int, list]:
    """(what sscanf returns, the values it stored in order; None where it stored nothing)."""
    values, assigned, pos = [], 0, 0
    for width, conversion, literal in _DIRECTIVE.findall(fmt):
        if literal:
            if pos >= len(text):
                return (assigned or -1), values
            if text[pos] != literal:
                return assigned, values
            pos += 1
        elif conversion == "n":
            values.append(pos)
        elif conversion == "hu":
            while pos < len(text) and text[pos] in " \t\n\v\f\r":
                pos += 1
            if pos >= len(text):
                return (assigned or -1), values
            match = re.match(r"[+-]?\d+", text[pos:])
            if match is None:
                return assigned, values
            pos += match.end()
            values.append(int(match.group()) & 0xFFFF)  # strtoul, then stored in an unsigned short
            assigned += 1
        else:
            if pos >= len(text):
                return (assigned or -1), values
            accepts, limit, start = _scanset(conversion[1:-1]), int(width or 0) or len(text), pos
            while pos < len(text) and pos - start < limit and accepts(text[pos]):
                pos += 1
            if pos == start:
                return assigned, values
            values.append(text[start:pos])
            assigned += 1
    return assigned, values


def strtoul(text: str) -> tuple[int, int]:
    """(value as an unsigned short, characters read); 0 read when there are no digits."""
    match = re.match(r"[ \t\n\v\f\r]*[+-]?\d+", text)
    return (int(match.group().strip()) & 0xFFFF, match.end()) if match else (0, 0)


class Newlib:
    """One device after setenv("TZ", text) and tzset(), from a fresh start; `local(t)` as localtime_r and %Z show it."""

    def __init__(self, text: str, grammar: str):
        if grammar not in ("old", "new"):
            raise ValueError(grammar)
        self.grammar = grammar
        self._years = {}  # __tzcalc_limits per year, as newlib keeps the last one
        # newlib's state before any TZ: GMT, and rules {'J', 0, 0, 0, 0, 0, 0}.
        self.tzname = ["GMT", "GMT"]
        self.daylight = 0
        self.rules = [dict(ch="J", m=0, n=0, d=0, s=0, offset=0), dict(ch="J", m=0, n=0, d=0, s=0, offset=0)]
        (self._tzset_new if grammar == "new" else self._tzset_old)(text[1:] if text.startswith(":") else text)

    def _offset(self, tzenv: str):
        """A signed h[:m[:s]] offset: (seconds west, characters read, sscanf's result)."""
        sign, used = 1, 0
        if tzenv[:1] == "-":
            sign, used = -1, 1
        elif tzenv[:1] == "+":
            used = 1
        got, values = sscanf(tzenv[used:], "%hu%n:%hu%n:%hu%n")
        hh, mm, ss, n = _fields(values)
        return sign * (ss + 60 * mm + 3600 * hh), used + n, got

    def _tzset_old(self, tzenv: str):
        got, values = sscanf(tzenv, "%10[^0-9,+-]%n")
        if got <= 0:
            return
        std, tzenv = values[0], tzenv[values[1] :]
        offset, used, got = self._offset(tzenv)
        if got < 1:
            return
        self.rules[0]["offset"], self.tzname[0] = offset, std
        tzenv = tzenv[used:]
        got, values = sscanf(tzenv, "%10[^0-9,+-]%n")
        if got <= 0:
            self.tzname[1], self.daylight = self.tzname[0], 0
            return
        self.tzname[1], tzenv = values[0], tzenv[values[1] :]
        offset, used, got = self._offset(tzenv)
        self.rules[1]["offset"] = self.rules[0]["offset"] - 3600 if got <= 0 else offset
        if self._rules(tzenv[used:]):
            self.daylight = int(self.rules[0]["offset"] != self.rules[1]["offset"])

    def _tzset_new(self, tzenv: str):
        self.tzname, self.daylight = ["", ""], 0
        fresh = [dict(ch="J", m=0, n=0, d=0, s=0, offset=0), dict(ch="J", m=0, n=0, d=0, s=0, offset=0)]
        self.rules = fresh
        n = 0
        if tzenv[:1] == "<":
            tzenv = tzenv[1:]
            got, values = sscanf(tzenv, "%11[-+0-9A-Za-z]%n")
            n = values[1] if got > 0 else n
            if got <= 0 or not 3 <= n <= 10 or tzenv[n : n + 1] != ">":
                return
            std, tzenv = values[0], tzenv[n + 1 :]
        else:
            got, values = sscanf(tzenv, "%11[A-Za-z]%n")
            n = values[1] if got > 0 else n
            if got <= 0 or not 3 <= n <= 10:
                return
            std, tzenv = values[0], tzenv[n:]
        offset0, used, got = self._offset(tzenv)
        if got < 1:
            return
        tzenv = tzenv[used:]
        quoted = tzenv[:1] == "<"
        body = tzenv[1:] if quoted else tzenv
        got, values = sscanf(body, "%11[-+0-9A-Za-z]%n" if quoted else "%11[A-Za-z]%n")
        n = values[1] if got > 0 else n  # a failed sscanf leaves n as it was, and the test below reads it
        if got <= 0 and (not quoted or body[:1] == ">"):
            self.tzname = [std, std]
            self.rules[0]["offset"] = offset0
            return
        if not 3 <= n <= 10 or (quoted and body[n : n + 1] != ">"):
            return
        dst, tzenv = values[0], body[n + 1 :] if quoted else body[n:]
        offset1, used, got = self._offset(tzenv)
        offset1 = offset0 - 3600 if got <= 0 else offset1
        if not self._rules(tzenv[used:]):
            return
        self.rules[0]["offset"], self.rules[1]["offset"] = offset0, offset1
        self.tzname = [std, dst]
        self.daylight = int(offset0 != offset1)

    def _rules(self, tzenv: str) -> bool:
        """The two `,date[/time]` parts; False where tzset returns early."""
        for i in range(2):
            rule = self.rules[i]
            if tzenv[:1] == ",":
                tzenv = tzenv[1:]
            if tzenv[:1] == "M":
                got, values = sscanf(tzenv, "M%hu%n.%hu%n.%hu%n")
                if got != 3:
                    return False
                m, w, d, n = values[0], values[2], values[4], values[5]
                if not (1 <= m <= 12 and 1 <= w <= 5 and d <= 6):
                    return False
                rule.update(ch="M", m=m, n=w, d=d)
                tzenv = tzenv[n:]
            else:
                ch = "D"
                if tzenv[:1] == "J":
                    ch, tzenv = "J", tzenv[1:]
                d, used = strtoul(tzenv)
                if used == 0:  # unspecified: the US rules since 2007
                    rule.update(ch="M", m=3 if i == 0 else 11, n=2 if i == 0 else 1, d=0)
                else:
                    rule.update(ch=ch, d=d)
                tzenv = tzenv[used:]
            hh, mm, ss, n = 2, 0, 0, 0
            if tzenv[:1] == "/":
                got, values = sscanf(tzenv, "/%hu%n:%hu%n:%hu%n")
                if got <= 0 and self.grammar == "new":
                    self.rules = [dict(ch="J", m=0, n=0, d=0, s=0, offset=0) for _ in range(2)]
                    return False
                if got > 0:
                    hh, mm, ss, n = _fields(values)
            rule["s"] = ss + 60 * mm + 3600 * hh
            tzenv = tzenv[n:]
        return True

    def _changes(self, year: int) -> tuple[int, int]:
        """__tzcalc_limits: each rule's instant in `year`, UTC seconds."""
        years = year - 1970
        year_days = years * 365 + (years - 1 + 2) // 4 - (years - 1 + 70) // 100 + (years - 1 + 370) // 400
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        changes = []
        for rule in self.rules:
            if rule["ch"] == "J":
                days = year_days + rule["d"] + (leap and rule["d"] >= 60) - 1
            elif rule["ch"] == "D":
                days = year_days + rule["d"]
            else:
                lengths = _MONTH_LENGTHS[leap]
                days = year_days + sum(lengths[: rule["m"] - 1])
                wday_diff = (rule["d"] - (4 + days) % 7) % 7
                m_day = (rule["n"] - 1) * 7 + wday_diff
                while m_day >= lengths[rule["m"] - 1]:
                    m_day -= 7
                days += m_day
            changes.append(days * _SECSPERDAY + rule["s"] + rule["offset"])
        return changes[0], changes[1]

    def local(self, t: int) -> tuple[int, str]:
        """(UTC offset in seconds east, the %Z name) that localtime_r gives for UTC instant `t`."""
        isdst = 0
        if self.daylight:
            year = datetime.fromtimestamp(t, timezone.utc).year
            if year not in self._years:
                self._years[year] = self._changes(year)
            start, end = self._years[year]
            north = start < end
            isdst = int(start <= t < end) if north else int(t >= start or t < end)
        return -self.rules[isdst]["offset"], self.tzname[isdst]


def _fields(values: list) -> tuple[int, int, int, int]:
    """hh, mm, ss and the last %n of a "%hu%n:%hu%n:%hu%n" scan; fields not read stay 0 (mm, ss) as tzset sets them."""
    numbers = values[0::2]
    counts = values[1::2]
    hh, mm, ss = (numbers + [0, 0, 0])[:3]
    return hh, mm, ss, counts[-1] if counts else 0
