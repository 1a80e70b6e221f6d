"""Colander types shared by the services' querystring schemas."""
import colander

from ..domain.errors import echo


def zone_name(description: str, **kw) -> colander.SchemaNode:
    """An IANA zone name or alias, checked against the catalogue by the view."""
    return colander.SchemaNode(
        colander.String(),
        description=description,
        validator=colander.Length(max=200),
        **kw,
    )


class OneOf(colander.OneOf):
    """colander.OneOf, but the message quotes at most 100 characters of what the client sent."""

    def __call__(self, node, value):
        if value not in self.choices:
            raise colander.Invalid(node, f"{echo(value)} is not one of {', '.join(self.choices)}")
