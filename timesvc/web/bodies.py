"""Request bodies: no timesvc route reads one, but any request may carry one.

Cornice's deserializer reads the body of a request that has one (a body that is not JSON is its
400); reading it can also raise on what a client controls — an unknown charset, a form body in
another charset than UTF-8 (WebOb raises DeprecationWarning), JSON nested past the recursion limit.
`checked` turns those into UnreadableBody, answered 400 in Cornice's format (timesvc.web.errors), in
both timesvc.tuned modes. It is raised rather than added to request.errors: validating what is left
would touch the body again (colander's messages are translated through request.localizer, whose
locale negotiator reads request.params, body included).
"""
from cornice.validators import extract_cstruct

_WHY = (
    (LookupError, "the body's charset is unknown: send the body in UTF-8, or none (no timesvc route reads a body)"),
    (RecursionError, "the body is nested too deeply to read (no timesvc route reads a body)"),
    (DeprecationWarning, "the body is not UTF-8: send it in UTF-8, or none (no timesvc route reads a body)"),
    (UnicodeError, "the body is not text in its charset: send UTF-8, or no body (no timesvc route reads a body)"),
    (ValueError, "the body cannot be read: send no body (no timesvc route reads one)"),
)


class UnreadableBody(Exception):
    """A request's body cannot be read; `description` says what to send instead."""

    def __init__(self, description: str):
        super().__init__(description)
        self.description = description


def checked(deserializer=None):
    """`deserializer` (default: Cornice's), raising UnreadableBody where reading a body fails."""
    deserializer = deserializer or extract_cstruct

    def deserialize(request) -> dict:
        try:
            cstruct = deserializer(request)
        except tuple(kind for kind, _ in _WHY) as exc:
            raise UnreadableBody(next(why for kind, why in _WHY if isinstance(exc, kind))) from None
        refused = [error for error in request.errors if error["location"] == "body"]
        if refused:  # Cornice's own refusal (not JSON), which leaves nothing to validate
            raise UnreadableBody(f"{refused[0]['description']}: send no body (no timesvc route reads one)")
        return cstruct

    return deserialize
