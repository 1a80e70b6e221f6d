"""How long one full garbage collection holds the GIL in the server's process, without and with
serving/memory.freeze_startup (which the server runner calls before it opens its ports).

    .venv/bin/python -m bench.gc_pause

In this process: production.ini's app made as pserve makes it, then every zone loaded (one request to
each /timezones/{name}), one localized /time and /openapi.json; the time of gc.collect(), best of 5.
Run twice in fresh processes: collections as they are, and with what the app held after start-up frozen.
"""
import subprocess
import sys

_PROGRAM = """
import gc, sys, time
from pyramid.paster import get_app
from bench.micro import call, output_to_devnull
from timesvc.domain.catalogue import PackageSource, ZoneCatalogue
from timesvc.serving.memory import freeze_startup
with output_to_devnull():  # the request log
    app = get_app(sys.argv[1])
    if sys.argv[2] == "frozen":
        freeze_startup()
    for name in ZoneCatalogue(PackageSource()).names:
        call(app, "/timezones/" + name, "")
    call(app, "/time", "tz=Europe/Paris&locale=fr"), call(app, "/openapi.json", "")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - start)
print(len(gc.get_objects()), gc.get_freeze_count(), min(times) * 1e3)
"""


def main() -> int:
    from .servers import ROOT

    for mode in ("as is", "frozen"):
        run = subprocess.run([sys.executable, "-c", _PROGRAM, str(ROOT / "production.ini"), mode], capture_output=True, text=True, cwd=ROOT, timeout=300)
        if run.returncode:
            print(run.stderr, file=sys.stderr)
            return 1
        walked, frozen, ms = run.stdout.split()
        print(f"{mode}: a full collection walks {int(walked):,} objects ({int(frozen):,} frozen): {float(ms):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
