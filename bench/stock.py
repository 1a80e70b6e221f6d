"""The peers on stock `waitress.serve`, nothing of timesvc's around them: the ceiling and the frameworks.

`python -m bench.stock APP PORT THREADS CONNECTION_LIMIT`, APP one of bare, falcon, pyramid (bench.apps):
only host, port, threads and connection_limit are set, as a user serving that app would.
"""
import sys

import waitress

from . import apps

APPS = {"bare": lambda: apps.bare_app, "falcon": apps.falcon, "pyramid": apps.pyramid}


def main(argv=None):
    name, *numbers = argv or sys.argv[1:]
    port, threads, connection_limit = (int(value) for value in numbers)
    waitress.serve(APPS[name](), host="127.0.0.1", port=port, threads=threads, connection_limit=connection_limit)


if __name__ == "__main__":
    main()
