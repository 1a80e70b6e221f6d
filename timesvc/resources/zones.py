"""The zone catalogue, loaded once at startup from the configured tz data source."""
from ..domain.catalogue import PackageSource, SystemSource, ZoneCatalogue
from ..domain.errors import InvalidInput
from ..ops.settings import source_of, startup_failure

SOURCES = {"package": PackageSource, "system": SystemSource}


def includeme(config):
    settings = config.registry.timesvc_settings
    try:
        catalogue = ZoneCatalogue(SOURCES[settings.tzdata_source]())
    except OSError as exc:
        raise startup_failure(f"tzdata_source = {settings.tzdata_source!r}: {exc}") from None
    try:
        default = catalogue.zone(settings.default_timezone)
    except InvalidInput as exc:
        where = source_of("default_timezone", config.get_settings())
        raise startup_failure(f"{where}: {exc}") from None
    config.registry.catalogue = catalogue
    config.registry.default_zone = default
