"""The one exception type the domain raises for input it cannot accept."""

MAX_ECHO = 100


def echo(value) -> str:
    """Quote user input for a message, never more than MAX_ECHO characters of it."""
    text = str(value)
    if len(text) > MAX_ECHO:
        text = text[:MAX_ECHO] + "…"
    return repr(text)


class InvalidInput(ValueError):
    """A value a client sent cannot be used; `name` is the parameter it came from."""

    def __init__(self, name: str, description: str):
        super().__init__(description)
        self.name = name
        self.description = description
