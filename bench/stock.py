"""The honest ceiling: the bare WSGI app on stock `waitress.serve`, nothing of timesvc's around it.

`python -m bench.stock PORT THREADS CONNECTION_LIMIT`: only host, port, threads and connection_limit
are set, as the benchmark's ceiling must be waitress itself, not timesvc's runner and settings.
"""
import sys

import waitress

from .apps import bare_app


def main(argv=None):
    port, threads, connection_limit = (int(value) for value in (argv or sys.argv[1:]))
    waitress.serve(bare_app, host="127.0.0.1", port=port, threads=threads, connection_limit=connection_limit)


if __name__ == "__main__":
    main()
