"""Cornice's colander validator, remembering what it validated for repeated query strings."""
from types import MappingProxyType

from cornice.validators import colander_validator as cornice_colander_validator

# Clients ask the same few questions (/time, /time?tz=Europe/Paris): deserialising the same query
# string through colander again costs more than the rest of a /time answer. Bounded by clearing.
_MAX_REMEMBERED = 4096
_remembered: dict[tuple, dict] = {}


def colander_validator(request, schema=None, deserializer=None, **kwargs):
    """cornice.validators.colander_validator, with valid results kept per (schema, query, path).

    Schemas that read headers are not remembered (headers vary per client). The kept results are
    read-only mappings, so one request cannot alter what the next one sees.
    """
    if schema is None or schema.get("header") is not None:
        return cornice_colander_validator(request, schema, deserializer, **kwargs)
    key = (id(schema), request.environ.get("QUERY_STRING", ""), tuple((request.matchdict or {}).items()))
    known = _remembered.get(key)
    if known is not None:
        request.validated.update(known)
        return None
    before = set(request.validated)
    cornice_colander_validator(request, schema, deserializer, **kwargs)
    if not request.errors:
        if len(_remembered) >= _MAX_REMEMBERED:
            _remembered.clear()
        _remembered[key] = {
            name: MappingProxyType(value) if isinstance(value, dict) else value
            for name, value in request.validated.items()
            if name not in before
        }
    return None
