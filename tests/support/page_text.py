"""What a page shows a reader, and which of the clock page's English sentences are among it."""
import re
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from timesvc.web.languages import LOCALES, PLACEHOLDER


class Text(HTMLParser):
    """A page's text as a reader meets it: text nodes and the attributes read aloud or shown (not data-*)."""

    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts += [value for name, value in attrs if name in ("aria-label", "placeholder", "title") and value]

    def handle_data(self, data):
        if data.strip():
            self.parts.append(data.strip())


def english_left(html: str) -> set[str]:
    """The source (English) sentences, or their fixed parts, that a page shows."""
    reader = Text()
    reader.feed(html)
    shown = "\n".join(reader.parts)
    found = set()
    with open(LOCALES / "clock.pot", "rb") as file:
        template = read_po(file)
    for message in template:
        if not message.id:
            continue
        parts = [part.strip() for part in PLACEHOLDER.split(message.id)[::2]]
        if message.id in reader.parts or any(len(part) >= 6 and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", shown) for part in parts):
            found.add(message.id)
    return found
