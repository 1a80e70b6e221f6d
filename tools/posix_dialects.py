"""Which zones each device dialect gets another string for, and which have none it reads the same way.

    .venv/bin/python -m tools.posix_dialects [--now 2026-12-06T00:00:00Z]

For each catalogue zone, posix_tz at `now` (the pinned tzdata package), then for each dialect: "none"
lists the zones with no equivalent string (served the present offset until it changes instead),
"rewritten" those whose string differs from the POSIX one. docs/devices.md quotes the output.
"""
import argparse
from datetime import datetime, timezone

from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.posixtz import DIALECTS, equivalent, posix_tz, posix_tz_for
from timesvc.domain.tzif import parse_tzif


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--now", default="2026-12-06T00:00:00Z", help="the instant to serve from (RFC 3339)")
    now = int(datetime.fromisoformat(parser.parse_args().now.replace("Z", "+00:00")).timestamp())
    catalogue = ZoneCatalogue(PackageSource())
    served = {name: parse_tzif(catalogue.source.read(name)) for name in catalogue.names}
    strings = {name: posix_tz(tzif, now) for name, tzif in served.items()}
    print(f"tzdata {catalogue.version}, {len(served)} zones, from {datetime.fromtimestamp(now, timezone.utc):%Y-%m-%dT%H:%M:%SZ}")
    limited = sorted(name for name, value in strings.items() if value.until is not None)
    print(f"posix: {len(limited)} zone(s) with an `until`: {', '.join(limited) or '-'}")
    for dialect in DIALECTS[1:]:
        none = sorted(name for name, value in strings.items() if equivalent(value.string, dialect) is None)
        rewritten = {}
        for name, tzif in served.items():
            device = posix_tz_for(tzif, now, dialect)
            if device is not None and device.string != strings[name].string:
                rewritten.setdefault(f"{strings[name].string} -> {device.string}", []).append(name)
        print(f"\n{dialect}: no equivalent: {', '.join(none) or 'none'}")
        print(f"{dialect}: rewritten ({sum(map(len, rewritten.values()))} zones):")
        for change, names in sorted(rewritten.items()):
            print(f"  {change}: {', '.join(names)}")


if __name__ == "__main__":
    main()
