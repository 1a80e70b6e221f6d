"""Colander types shared by the services' querystring schemas."""
import colander


def zone_name(description: str, **kw) -> colander.SchemaNode:
    """An IANA zone name or alias, checked against the catalogue by the view."""
    return colander.SchemaNode(
        colander.String(),
        description=description,
        validator=colander.Length(max=200),
        **kw,
    )
