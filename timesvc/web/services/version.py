"""GET /__version__ (Dockerflow): what is deployed, from the version.json written at build time."""
import json
from importlib.metadata import version as package_version

import colander

from ...location.resource import ip_data_facts
from ..openapi import responds
from . import ServiceSpec

version = ServiceSpec("version", "/__version__", "source, version, commit and build of the running code")


def text(description: str) -> colander.SchemaNode:
    return colander.SchemaNode(colander.String(), nullable=True, description=description)


class Version(colander.MappingSchema):  # open: a deployment's version.json may say more
    source = text("Repository URL; null without a build step")
    version = text("Package version")
    commit = text("Commit hash; null without a build step")
    build = text("Build URL or id; null without a build step")
    ip_data = colander.SchemaNode(
        colander.Mapping(unknown="preserve"),
        description="What answers time by IP address: database (built-in, or the operator's file), type, built, data (its source and month)",
    )


@version.get()
@responds({200: Version()})
def get_version(request):
    try:
        with open(request.registry.timesvc_settings.version_file, encoding="utf-8") as file:
            built = json.load(file)
    except FileNotFoundError:  # a checkout or a plain pip install: no build step wrote the file
        built = {"source": None, "version": package_version("timesvc"), "commit": None, "build": None}
    return {**built, "ip_data": ip_data_facts(request.registry)}
