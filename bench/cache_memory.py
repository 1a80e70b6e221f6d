"""What a client cycling through values makes a real `pserve production.ini` hold: RSS after each phase.

    .venv/bin/python -m bench.cache_memory [--tuned true|false] [--junk 200000] [--queries 4096]

Phases, each on the same server, RSS read from /proc after each: the locales holding the most data
(one per language, the 32 largest as tracemalloc measures them here first, asked 3 times over), one
request per CLDR locale tag (`/time?locale=…`), `--junk` tags Babel would have taken as variants (`en-`
and 8 letters), then `--queries` distinct query strings of about 8 KB (what the validation memo is
offered). The server runs production.ini on a free loopback port, with timesvc.tuned as given, and is
stopped by its PID.
"""
import argparse
import random
import string
import tempfile
import tracemalloc
from pathlib import Path

from babel import localedata
from babel.localedata import locale_identifiers

from bench.ip_load import load
from tests.support.processes import Instance, derived_ini, free_port

_LONG_QUERY = 8000  # production.ini refuses request heads over 8 KiB


def _largest_locales(count: int) -> list[tuple[int, str]]:
    """(bytes, tag): one locale per language, of the `count` languages whose largest locale holds the most.

    The bytes are what tracemalloc sees Babel keep for the locale alone: its data, its parents' and CLDR's root.
    """
    largest: dict[str, tuple[int, str]] = {}
    localedata.load("en")  # Babel's global data, read once, is no locale's
    tracemalloc.start()
    for identifier in sorted(locale_identifiers()):
        localedata.clear_caches()
        before = tracemalloc.get_traced_memory()[0]
        localedata.load(identifier)
        size = tracemalloc.get_traced_memory()[0] - before
        language = identifier.split("_")[0]
        largest[language] = max(largest.get(language, (0, "")), (size, identifier))
    tracemalloc.stop()
    localedata.clear_caches()
    return [(size, identifier.replace("_", "-")) for size, identifier in sorted(largest.values(), reverse=True)[:count]]


def _phases(junk: int, queries: int) -> list[tuple[str, list[str]]]:
    tags = sorted(identifier.replace("_", "-") for identifier in locale_identifiers())
    largest = _largest_locales(32)
    sizes = ", ".join(f"{tag} {size / 1e6:.2f} MB" for size, tag in largest[:3])
    largest = [tag for _, tag in largest]
    letters = random.Random(0)
    junk_tags = {"en-" + "".join(letters.choices(string.ascii_lowercase, k=8)) for _ in range(junk)}
    long_queries = [f"/time?tz=UTC&pad={number:05d}{'x' * _LONG_QUERY}" for number in range(queries)]
    return [
        (f"the 32 largest locales ({sizes}...), 3 rounds", [f"/time?tz=Europe/Paris&locale={tag}" for tag in largest * 3]),
        (f"{len(tags)} CLDR locale tags", [f"/time?tz=Europe/Paris&locale={tag}" for tag in tags]),
        (f"{len(junk_tags)} junk tags (en- and 8 letters)", [f"/time?tz=Europe/Paris&locale={tag}" for tag in sorted(junk_tags)]),
        (f"{queries} distinct {_LONG_QUERY // 1000} KB query strings", long_queries),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tuned", choices=("true", "false"), default="true")
    parser.add_argument("--junk", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=4096)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        ini = derived_ini(Path(directory), "production", {}, app={"timesvc.tuned": arguments.tuned})
        server = Instance(ini, free_port(), Path(directory) / "pserve.log").start()
        try:
            load(server.port, ["/time?tz=Europe/Paris&locale=en"] * 50)  # Babel imported, first answers made
            start = previous = server.rss_kib()
            print(f"timesvc.tuned={arguments.tuned}: RSS {start / 1024:.1f} MiB after warm-up")
            for name, paths in _phases(arguments.junk, arguments.queries):
                statuses = load(server.port, paths)
                now = server.rss_kib()
                print(f"{name}: {dict(statuses)}; RSS {now / 1024:.1f} MiB ({(now - previous) / 1024:+.1f})")
                previous = now
            print(f"total: {(previous - start) / 1024:+.1f} MiB")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
