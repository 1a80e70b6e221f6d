"""GET /__version__ (Dockerflow): what is deployed, from the version.json written at build time."""
import json
from importlib.metadata import version as package_version

from . import service

version = service("version", "/__version__", "source, version, commit and build of the running code")


@version.get()
def get_version(request):
    try:
        with open(request.registry.timesvc_settings.version_file, encoding="utf-8") as file:
            return json.load(file)
    except FileNotFoundError:  # a checkout or a plain pip install: no build step wrote the file
        return {"source": None, "version": package_version("timesvc"), "commit": None, "build": None}
