"""Where a request's place comes from: the GeoIP database (opened once, at startup) and coordinates."""
import logging

import maxminddb

from ..domain.coordinates import CoordinateZones
from ..domain.geoip import GeoIPDatabase, MissingGeoIPDatabase
from ..ops.settings import source_of, startup_failure

logger = logging.getLogger(__name__)

REMEDY = (
    "time by IP address is not configured on this server: its operator must set timesvc.geoip_database "
    "(environment variable TIMESVC_GEOIP_DATABASE) to a MaxMind-format .mmdb city database"
)


def includeme(config):
    path = config.registry.timesvc_settings.geoip_database
    if path is None:
        config.registry.geoip = MissingGeoIPDatabase(REMEDY)
    else:
        try:
            config.registry.geoip = GeoIPDatabase(path)
        except (OSError, maxminddb.InvalidDatabaseError) as exc:
            where = source_of("geoip_database", config.get_settings())
            raise startup_failure(f"{where} = {path!r} is not a MaxMind database: {exc}") from None
        logger.info("GeoIP database %s: %s", path, config.registry.geoip.description)
    # Cheap until the first lookup by coordinates loads the boundary data.
    config.registry.coordinate_zones = CoordinateZones()
