"""The IP → zone table written as a MaxMind DB (.mmdb), in the GeoIP2-City shape every mmdb reader knows.

Each network's record is `{"country": {"iso_code": "GB"}, "location": {"time_zone": "Europe/London"}}`;
a network DB-IP places where the boundary data has no land zone has the country alone. IPv4 networks
sit in the IPv6 tree at ::/96, as in MaxMind's own databases, so one file answers both versions.
"""
import ipaddress
import os
from collections.abc import Iterable
from pathlib import Path

import timezonefinder_data
from mmdb_writer import MMDBWriter
from netaddr import IPNetwork, IPSet

from .ip_ranges import Answer, Range
from .ip_sources import SourceError

DATABASE_TYPE = "timesvc-ip-zones"
LICENCE = "ODbL-1.0"
_ADDRESS = {4: ipaddress.IPv4Address, 6: ipaddress.IPv6Address}


def boundary_release() -> str:
    """The timezone-boundary-builder release the installed timezonefinder-data was compiled from, e.g. 2026c."""
    return (timezonefinder_data.DATA_DIR / "data_version.txt").read_text().strip()


def description(month: str) -> str:
    """The metadata description: the sources with their versions, and the table's licence."""
    return (
        f"IANA time zone and country of IP networks. Source: DB-IP IP to City Lite {month} "
        "(https://db-ip.com, CC BY 4.0), each network's coordinates located in the time zone boundaries "
        f"of timezone-boundary-builder {boundary_release()} (data (c) OpenStreetMap contributors, ODbL 1.0) "
        f"through timezonefinder-data {timezonefinder_data.__version__}. Licence: {LICENCE} "
        "(https://opendatacommons.org/licenses/odbl/1-0/); see NOTICE beside this file."
    )


def record(answer: Answer) -> dict:
    """The mmdb record of an answer: the subset of GeoIP2-City's fields the table knows."""
    zone, country = answer
    content = {}
    if country is not None:
        content["country"] = {"iso_code": country}
    if zone is not None:
        content["location"] = {"time_zone": zone}
    return content


def networks(first: int, last: int, version: int) -> Iterable[IPNetwork]:
    """The fewest CIDR networks that cover first..last exactly, as netaddr networks for mmdb-writer."""
    start, end = _ADDRESS[version](first), _ADDRESS[version](last)
    for network in ipaddress.summarize_address_range(start, end):
        yield IPNetwork((int(network.network_address), network.prefixlen), version=version)


def write_table(ranges: Iterable[Range], path: Path, month: str):
    """Write the ranges to `path` (through a temporary file beside it, so a reader never sees half a table)."""
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type=DATABASE_TYPE, description={"en": description(month)})
    # One record object per answer, shared by all its ranges: the writer keeps every one until it writes.
    records: dict[Answer, dict] = {}
    for found in ranges:
        if found.answer not in records:
            records[found.answer] = record(found.answer)
        # One network at a time: an IPSet of a single network skips netaddr's merging, which costs
        # more than the insertion itself.
        for network in networks(found.first, found.last, found.version):
            writer.insert_network(IPSet(network), records[found.answer])
    if not records:
        raise SourceError("no network in the sources has a zone or a country: no table written")
    partial = path.with_name(path.name + ".partial")
    writer.to_db_file(str(partial))
    os.replace(partial, path)
