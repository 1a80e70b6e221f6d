"""Does a real answer have the shape (and, where it cannot change, the values) of the one the docs show?

The rule, applied from the top of both JSON values down:
- An object shown must have each key shown; it may have others only where the docs show a `"..."` key.
- A list shown must have as many elements, or at least as many when its last element shown is `"..."`;
  elements are compared pairwise.
- A value must have the JSON type shown (null, boolean, integer, number with a fraction, string, list,
  object). In an answer about now, a key about the previous or next change (`*_transition`, `*_until`,
  `*_from`) may be null where a string is shown, or the reverse: the clock moves past changes.
- A value must equal the one shown when the answer cannot change: everywhere in an answer about an instant
  the request names (`time=`, `start=`, `from=`), and in an answer about now under a key of STABLE.
- A ```text answer of `key: value` lines must have the same keys in the same order, STABLE values equal;
  other text must be the same.
"""
import json

# Keys whose values an answer about now keeps whatever the time and the machine: names, versions, errors.
STABLE = frozenset(
    {
        "timezone", "timezones", "tzdata_version", "zone_source", "comment", "country_codes", "latitude", "longitude",
        "locale", "generic_name", "exemplar_city",
        "location", "name", "description", "error",
        "path", "openapi", "docs", "number", "protocols", "protocol", "throwaway_key", "listening", "answering",
        "publicKeyType", "zones", "state", "database", "type", "built", "data", "limit",
    }
)  # fmt: skip
MOVING = ("_transition", "_until", "_from")


KINDS = {type(None): "null", bool: "boolean", int: "integer", float: "number", str: "string", list: "list", dict: "object"}


def kind(value) -> str:
    return KINDS[type(value)]


def described(value) -> str:
    return "null" if value is None else f"{kind(value)} {json.dumps(value)[:80]}"


def differences(shown, real, fixed: bool, key: str = "", path: str = "") -> list[str]:
    """What in `real` departs from `shown` by the rule above; `fixed`: the request names its instant."""
    where = path or "the answer"
    if kind(shown) != kind(real):
        if not fixed and key.endswith(MOVING) and {kind(shown), kind(real)} == {"null", "string"}:
            return []
        return [f"{where}: {described(real)}, the docs show {described(shown)}"]
    if isinstance(shown, dict):
        found = [f"{where}: no key {name!r}" for name in shown if name != "..." and name not in real]
        extra = [name for name in real if name not in shown]
        if extra and "..." not in shown:
            found.append(f"{where}: keys the docs do not show: {', '.join(extra)}")
        for name, value in shown.items():
            if name != "..." and name in real:
                found += differences(value, real[name], fixed, name, f"{path}.{name}" if path else name)
        return found
    if isinstance(shown, list):
        open_ended = bool(shown) and shown[-1] == "..."
        listed = shown[:-1] if open_ended else shown
        if len(real) < len(listed) or not open_ended and len(real) != len(listed):
            return [f"{where}: {len(real)} elements, the docs show {len(listed)}{' or more' if open_ended else ''}"]
        found = []
        for index, (value, actual) in enumerate(zip(listed, real)):
            found += differences(value, actual, fixed, key, f"{where}[{index}]")
        return found
    if (fixed or key in STABLE) and shown != real:
        return [f"{where}: {json.dumps(real)[:120]}, the docs show {json.dumps(shown)[:120]}"]
    return []


def text_differences(shown: str, real: str, fixed: bool) -> list[str]:
    """A `key: value` text answer against the one shown (the rule's last line); other text must be the same."""
    shown_lines, real_lines = shown.strip().splitlines(), real.strip().splitlines()
    if not all(":" in line for line in shown_lines):
        return [] if shown.strip() == real.strip() else [f"{real.strip()[:120]!r}, the docs show {shown.strip()[:120]!r}"]
    pairs = [[part.strip() for part in line.split(":", 1)] for line in shown_lines]
    actual = [[part.strip() for part in line.split(":", 1)] for line in real_lines if ":" in line]
    if [name for name, _ in pairs] != [name for name, _ in actual] or len(actual) != len(real_lines):
        return [f"keys {[name for name, _ in actual]}, the docs show {[name for name, _ in pairs]}"]
    compared = [(name, was, value) for (name, was), (_, value) in zip(pairs, actual) if fixed or name in STABLE]
    return [f"{name}: {value!r}, the docs show {was!r}" for name, was, value in compared if was != value]
