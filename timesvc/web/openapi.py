"""The OpenAPI 3.1 document, derived from the Cornice services and their colander schemas.

Built directly from the app's Cornice services (`registry.cornice_services`) rather than on cornice_swagger's output:
cornice_swagger emits Swagger 2.0, whose schema dialect (no `null` type, no JSON Schema 2020-12)
would have to be rewritten field by field into 3.1 anyway, and it drops querystring parameters unless
they sit exactly where our `querystring` children already are. Walking the services ourselves is
one small module, and it reads the very schemas the views validate with: one source of truth.

How a service is documented (every route must be a Cornice service following this, or
tests/test_openapi.py fails):

- query parameters and request headers: the colander `schema` given to the view, with a
  `querystring` (and `header`) child, as `colander_validator` reads it; each node's `description`,
  type, validators (`Range`, `Length`, `OneOf`, `All`) and `missing` (the default; optional when
  `colander.drop`) are used;
- path parameters: the `{name}` placeholders of the service's path (any `:regex` is dropped),
  described by the schema's `path` child where it has one (colander_validator checks it too);
- response bodies: the view function is decorated with `@responds({200: Body(), 304: None})`,
  mapping status codes to colander schemas (`None`: no body; `CORNICE_ERROR`: the error format
  below), with `media_type=` for a non-JSON body, e.g.
  `@responds({200: colander.SchemaNode(colander.String())}, media_type="text/plain")`, or a
  `{media type: schema}` dict for a status answered in several (`{200: {"application/json": A,
  "text/plain": B}}`); a schema may also be a JSON Schema dict, for what colander cannot say (oneOf);
- extra node attributes: `nullable=True` also accepts `null`; `format="date-time"` gives that
  format; `ref="Name"` stands for `#/components/schemas/Name`, given to `document()` (the zone
  names, known only at run time); `jsonschema={...}` replaces type and validators where colander cannot
  say it (an IP address: anyOf ipv4, ipv6); `example=` shows a value in /docs and is schemathesis's first case;
  a mapping whose type has `unknown="raise"` (`views.schemas.Body`) allows no undeclared field;
  `explode=False` on a query parameter whose `jsonschema` is an array: its items come comma-separated
  in one parameter (`tz=Europe/Paris,Asia/Tokyo`: OpenAPI's style form, explode false);
- error responses in Cornice's error format are added to every operation: 400 when it takes
  parameters, 404 when its path has placeholders, 406, 500 (unless the view declares that status).

HEAD and OPTIONS are left out: Cornice answers them itself for every GET (without a body) and, on a
CORS-enabled service, for the preflight.
"""
import re
from http import HTTPStatus

import colander

ERROR = {
    "type": "object",
    "required": ["status", "errors"],
    "properties": {
        "status": {"const": "error"},
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["location", "name", "description"],
                "properties": {"location": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"}},
            },
        },
    },
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERRORS = {
    400: "A parameter is invalid: its name and what to send instead",
    404: "No such resource",
    406: "The Accept header excludes application/json",
    500: "A bug on the server; it is logged, the body holds no traceback",
}
TYPES = {
    colander.String: {"type": "string"},
    colander.Int: {"type": "integer"},
    colander.Float: {"type": "number"},
    colander.Boolean: {"type": "boolean"},
    colander.DateTime: {"type": "string", "format": "date-time"},
}
CORNICE_ERROR = "cornice-error"  # in @responds: the status answers in Cornice's error format
PLACEHOLDER = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def responds(schemas: dict, media_type: str = "application/json"):
    """Declare a view's response bodies by status code, for the OpenAPI document."""

    def mark(view):
        view.response_schemas = schemas
        view.response_media_type = media_type
        return view

    return mark


def openapi_path(path: str) -> str:
    """A Pyramid route pattern as an OpenAPI path: `/timezones/{name:.+}` → `/timezones/{name}`."""
    return PLACEHOLDER.sub(r"{\1}", path)


def json_schema(node: colander.SchemaNode) -> dict:
    """The JSON Schema (2020-12, as OpenAPI 3.1 uses) of a colander node."""
    typ = node.typ
    if getattr(node, "ref", None):
        schema = {"$ref": f"#/components/schemas/{node.ref}"}
    elif getattr(node, "jsonschema", None):
        schema = dict(node.jsonschema)
    elif isinstance(typ, colander.Mapping):
        children = node.children
        schema = {
            "type": "object",
            "properties": {child.name: json_schema(child) for child in children},
            "required": [child.name for child in children if child.missing is colander.required],
        }
        if typ.unknown == "raise":
            schema["additionalProperties"] = False
    elif isinstance(typ, colander.Sequence):
        schema = {"type": "array", "items": json_schema(node.children[0])}
    else:
        known = [TYPES[kind] for kind in type(typ).__mro__ if kind in TYPES]
        if not known:
            raise ValueError(f"no JSON Schema for the colander type {typ!r}: document it in timesvc/web/openapi.py")
        schema = dict(known[0])
    if "$ref" not in schema and not getattr(node, "jsonschema", None):  # those say all there is to say
        _add_validators(schema, node.validator)
    if getattr(node, "format", None):
        schema["format"] = node.format
    if getattr(node, "example", None) is not None:
        schema["examples"] = [node.example]
    if node.description:
        schema["description"] = node.description
    if node.missing not in (colander.required, colander.drop, None):
        schema["default"] = node.missing
    if getattr(node, "nullable", False):
        schema["type"] = [schema["type"], "null"]
    return schema


def _schema(schema) -> dict:
    """A colander node's JSON Schema; a dict is one already (for what colander cannot say, like oneOf)."""
    return schema if isinstance(schema, dict) else json_schema(schema)


def _add_validators(schema: dict, validator) -> None:
    if isinstance(validator, colander.All):
        for each in validator.validators:
            _add_validators(schema, each)
    elif isinstance(validator, colander.Range):
        if validator.min is not None:
            schema["minimum"] = validator.min
        if validator.max is not None:
            schema["maximum"] = validator.max
    elif isinstance(validator, colander.Length):
        prefix = "Items" if schema["type"] == "array" else "Length"
        if validator.min is not None:
            schema[f"min{prefix}"] = validator.min
        if validator.max is not None:
            schema[f"max{prefix}"] = validator.max
    elif isinstance(validator, colander.OneOf):
        schema["enum"] = list(validator.choices)
    elif validator is not None:
        raise ValueError(f"no JSON Schema for the validator {validator!r}: document it in timesvc/web/openapi.py")


def _parameters(path: str, schema) -> list:
    declared = {}
    for location in ("path", "querystring", "header"):
        mapping = schema.get(location) if schema is not None else None
        for node in mapping.children if mapping is not None else ():
            declared[location, node.name] = node
    parameters = [
        _parameter(name, "path", declared.get(("path", name)))
        for name in PLACEHOLDER.findall(path)
    ]
    for (location, name), node in declared.items():
        if location != "path":
            parameters.append(_parameter(name, "query" if location == "querystring" else "header", node))
    return parameters


def _parameter(name: str, location: str, node) -> dict:
    if node is None:  # a path placeholder the schema does not describe
        return {"name": name, "in": location, "required": True, "schema": {"type": "string", "minLength": 1}}
    parameter = {"name": name, "in": location, "required": location == "path" or node.missing is colander.required}
    if node.description:
        parameter["description"] = node.description
    parameter["schema"] = json_schema(node)
    if getattr(node, "explode", None) is False:
        parameter.update(style="form", explode=False)
    return parameter


def _responses(view, parameters: list, path: str) -> dict:
    media_type = getattr(view, "response_media_type", "application/json")
    responses = {}
    error = {"content": {"application/json": {"schema": ERROR_REF}}}
    for status, body in getattr(view, "response_schemas", {}).items():
        response = {"description": HTTPStatus(status).phrase}
        if body is CORNICE_ERROR:
            response.update(error)
        elif body is not None:
            by_type = body if isinstance(body, dict) else {media_type: body}
            response["content"] = {kind: {"schema": _schema(schema)} for kind, schema in by_type.items()}
        responses[str(status)] = response
    for status, description in ERRORS.items():
        if (status == 400 and not parameters) or (status == 404 and "{" not in path):
            continue
        responses.setdefault(str(status), {"description": description, **error})
    return responses


def expanded_paths(path: str, schema) -> list:
    """The OpenAPI paths of a route: one per value of a placeholder the path schema enumerates.

    `/api/timezone{ext}` with ext one of "" and ".txt" is `/api/timezone` and `/api/timezone.txt`:
    OpenAPI has no empty path parameter.
    """
    paths = [openapi_path(path)]
    mapping = schema.get("path") if schema is not None else None
    for node in mapping.children if mapping is not None else ():
        if isinstance(node.validator, colander.OneOf):
            paths = [each.replace(f"{{{node.name}}}", value) for each in paths for value in node.validator.choices]
    return paths


def operation(service, method: str, view, args: dict, path: str, variant: int) -> dict:
    """The OpenAPI operation object of one view of a Cornice service, at one of its paths."""
    parameters = _parameters(path, args.get("schema"))
    return {
        "operationId": f"{service.name}_{method.lower()}" + (f"_{variant}" if variant else ""),
        "summary": service.description,
        "x-pyramid-route": service.name,  # Cornice names the route after the service
        "parameters": parameters,
        "responses": _responses(view, parameters, path),
    }


def document(services, title: str, version: str, components: dict) -> dict:
    """The OpenAPI 3.1 document of an app's Cornice services.

    `components` holds the schemas that nodes name with `ref=` (their values known only at run time).
    """
    paths = {}
    for service in services:
        for method, view, args in service.definitions:
            if method in ("HEAD", "OPTIONS"):
                continue
            for variant, path in enumerate(expanded_paths(service.path, args.get("schema"))):
                paths.setdefault(path, {})[method.lower()] = operation(service, method, view, args, path, variant)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {"schemas": {"Error": ERROR, **components}},
    }
