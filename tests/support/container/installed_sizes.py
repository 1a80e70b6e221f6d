"""Run inside the image (stdlib only): JSON of the bytes each installed distribution takes, and the rest.

Sizes are those of the files each distribution's RECORD lists (its .pyc included); "rest" is
what else lies under the venv and /app: the venv's own files and what no RECORD names.
"""
import importlib.metadata
import json
import os
import sys


def tree_size(top: str) -> int:
    return sum(os.lstat(os.path.join(folder, name)).st_size for folder, _, names in os.walk(top) for name in names)


def main():
    rows, counted = [], 0
    for distribution in importlib.metadata.distributions():
        paths = {os.path.realpath(distribution.locate_file(file)) for file in distribution.files or ()}
        size = sum(os.lstat(path).st_size for path in paths if os.path.isfile(path))
        rows.append({"name": distribution.metadata["Name"], "version": distribution.version, "bytes": size})
        counted += size
    total = tree_size(sys.prefix) + tree_size("/app")
    json.dump({"distributions": rows, "rest": total - counted}, sys.stdout)


main()
