"""The `localized` object of the answers whose request gives `locale`, and the OpenAPI list of locales.

Babel and its CLDR data are imported on the first request that gives a locale (or asks for /openapi.json,
or for the clock page: timesvc.web.languages), not with the app: the import costs about 40 ms and a few MB,
and without `locale` every route answers as it did before, byte for byte, without touching Babel.
"""


def localize(fields: dict, query, zone, epoch_ns: int) -> dict:
    """A zone's `fields` at `epoch_ns`, with `localized` added when the query gives a locale."""
    if "locale" in query:
        from ..domain.localized import localized, parse_locale  # here, not at the top: see the docstring

        fields["localized"] = localized(zone, parse_locale(query["locale"]), epoch_ns)
    return fields


def locale_schema() -> dict:
    """The `Locale` component of the OpenAPI document: every BCP 47 tag CLDR has data for."""
    from ..domain.localized import known_tags  # here, not at the top: see the docstring

    return {
        "type": "string",
        "enum": known_tags(),
        "description": "BCP 47 tag of a locale with CLDR data (fr, pt-BR, zh-Hant-TW); also accepted: any letter case, "
        "`_` for `-`, extensions (-u-ca-…, dropped) and tags CLDR resolves to one of these (zh-TW: zh-Hant-TW)",
    }
