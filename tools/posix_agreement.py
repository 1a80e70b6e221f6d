"""The agreement figures of docs/devices.md: each dialect's strings, every zone, read by each reader.

    .venv/bin/python -m tools.posix_agreement

Runs the comparison tests/domain/test_posixtz.py makes (same zones, "now"s and instants) and prints,
per reader, how many instants were checked and how many disagreed with the tz data.
"""
import tempfile

from tests.domain import test_posixtz as checks
from tests.support import newlib_c
from tests.support.eztime import EzTimezone
from tests.support.newlib_tzset import Newlib
from tests.support.tz_reference import NOWS, Reference
from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.domain.tzif import parse_tzif


def main():
    catalogue = ZoneCatalogue(PackageSource())
    zones = {name: (parse_tzif(catalogue.source.read(name)), Reference(catalogue.zone(name).tzinfo)) for name in catalogue.names}
    readers = [
        ("posix", "glibc", checks._glibc, lambda name: name),
        ("newlib", "glibc", checks._glibc, lambda name: name),
        ("newlib", "newlib 4.3 port", checks._reader(lambda text: Newlib(text, "new")), lambda name: name),
        ("newlib_old", "newlib old port", checks._reader(lambda text: Newlib(text, "old")), checks._placeholder),
        ("eztime", "ezTime port", checks._reader(EzTimezone), checks._eztime_name),
    ]
    with tempfile.TemporaryDirectory(prefix="newlib-tz-") as scratch:  # the compiled library, removed after
        if newlib_c.missing() is None:
            library = newlib_c.build(scratch)

            def compiled(text):
                library.read(text)
                return library

            readers.insert(4, ("newlib_old", "newlib 3.3.0 (C)", checks._reader(compiled), checks._placeholder))
        for dialect, reader, read, expected_name in readers:
            found, checked = checks._disagreements(zones, dialect, read, expected_name)
            print(f"{dialect:10} read by {reader:16}: {len(zones)} zones x {len(NOWS)} nows, {checked:,} instants, {len(found)} disagree")

if __name__ == "__main__":
    main()
