"""Where a request's place comes from: the IP data, the local network's zone, and coordinates.

The IP data is the operator's database (timesvc.geoip_database, picked up again when replaced) or
else the table built into the package (timesvc/data/ip-zones.mmdb). Callers on the server's own
network (loopback, private, link-local) get timesvc.local_timezone: by default the host's zone.
"""
import logging
import os
import re
from importlib import resources

import maxminddb

from ..domain.errors import InvalidInput
from ..ops.settings import source_of, startup_failure
from .coordinates import CoordinateZones
from .hostzone import system_zone
from .ipdata import GeoIPDatabase
from .reloading import FAILED, ReloadingDatabase, Watcher

logger = logging.getLogger(__name__)
BUILTIN = resources.files("timesvc") / "data" / "ip-zones.mmdb"
SYSTEM, OFF = "system", "off"
# The built-in table's metadata names its source and month: "Source: DB-IP IP to City Lite 2026-06 (…".
_SOURCE = re.compile(r"Source: ([^()]+?) \(")


def _report(event):
    """One log line per reload or refused replacement of the operator's database."""
    (logger.error if event.kind == FAILED else logger.info)("time by IP address: %s", event.message)


def ip_data(config):
    """The IP → zone lookup: the operator's database, kept current, or the built-in table."""
    registry, settings = config.registry, config.registry.timesvc_settings
    catalogue, coordinates = registry.catalogue, registry.coordinate_zones
    path = settings.geoip_database
    if path is None:
        return GeoIPDatabase(str(BUILTIN), catalogue, coordinates)
    try:
        # A private copy: a file rewritten in place under a mapping would kill the process (SIGBUS).
        holder = ReloadingDatabase(path, lambda each: GeoIPDatabase(each, catalogue, coordinates, private_copy=True), report=_report)
    except (OSError, maxminddb.InvalidDatabaseError, ValueError) as exc:
        where = source_of("geoip_database", config.get_settings())
        raise startup_failure(f"{where} = {path!r} is not a MaxMind-format database: {exc}") from None
    watcher = Watcher(holder.check, interval=settings.geoip_check_interval)
    watcher.start()
    config.add_reloader(watcher.wake)  # SIGHUP: the file is checked again at once
    return holder


def local_zone(config):
    """The zone of callers on the local network, or None (timesvc.local_timezone = off)."""
    registry, setting = config.registry, config.registry.timesvc_settings.local_timezone
    if setting == OFF:
        logger.info("callers on the local network: no location (timesvc.local_timezone = off)")
        return None
    if setting != SYSTEM:
        try:
            zone = registry.catalogue.zone(setting)
        except InvalidInput as exc:
            raise startup_failure(f"{source_of('local_timezone', config.get_settings())}: {exc}") from None
        logger.info("callers on the local network get %s (timesvc.local_timezone)", zone.name)
        return zone
    found = system_zone(registry.catalogue, os.environ)
    if found.name is None:
        logger.info("callers on the local network get the default zone %s: %s", registry.default_zone.name, found.describe())
        return registry.default_zone
    logger.info("callers on the local network get %s", found.describe())
    return registry.catalogue.zone(found.name)


def ip_data_facts(registry) -> dict:
    """What answers time by IP address, for /__version__ and /__heartbeat__."""
    database = getattr(registry.geoip, "current", registry.geoip)  # a ReloadingDatabase holds the current one
    info = database.info
    source = _SOURCE.search(info.description)
    return {
        "database": "built-in" if registry.timesvc_settings.geoip_database is None else info.path,
        "type": info.type,
        "built": info.built,
        "data": source.group(1) if source else info.description[:200],
    }


def includeme(config):
    registry = config.registry
    # Cheap until the first lookup by coordinates loads the boundary data.
    registry.coordinate_zones = CoordinateZones()
    registry.geoip = ip_data(config)
    info = getattr(registry.geoip, "current", registry.geoip).info
    logger.info("time by IP address: %s, %s", info.path, info.summary())
    registry.local_zone = local_zone(config)
