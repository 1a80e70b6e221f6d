import colander
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from timesvc.web.apidocs import UNDOCUMENTED
from timesvc.web.openapi import json_schema, openapi_path
from timesvc.web.schemas import zone_name


@pytest.fixture(scope="module")
def document(app):
    import webtest

    return webtest.TestApp(app).get("/openapi.json", status=200).json


def served_routes(app):
    """Every route Pyramid serves, by name, bar the documentation itself and static assets."""
    routes = app.registry.introspector.get_category("routes")
    names = {item["introspectable"]["name"] for item in routes}
    return {name for name in names if name not in UNDOCUMENTED and not (name.startswith("__") and name.endswith("/"))}  # __x/: a static view


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_served_route_is_in_the_document(app, document):
    served = served_routes(app)
    assert {"time", "convert", "timezone"} <= served  # the comparison is over the real routes
    documented = {operation["x-pyramid-route"] for operations in document["paths"].values() for operation in operations.values()}
    assert served - documented == set()


def test_every_operation_declares_its_success_body(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            success = [status for status in operation["responses"] if status.startswith("2")]
            assert success, f"{method.upper()} {path} declares no 2xx response: decorate its view with @responds"
            for status in success:
                assert operation["responses"][status].get("content"), f"{method.upper()} {path} {status} has no body schema"


def test_query_parameters_carry_type_range_enum_and_default(document):
    parameters = {p["name"]: p for p in document["paths"]["/timezones/{name}"]["get"]["parameters"]}
    assert parameters["name"]["in"] == "path" and parameters["name"]["required"] is True
    assert parameters["count"]["schema"] | {"description": None} == {
        "type": "integer", "minimum": 1, "maximum": 100, "default": 5, "description": None,
    }
    convert = {p["name"]: p for p in document["paths"]["/convert"]["get"]["parameters"]}
    assert convert["time"]["required"] is True and convert["from"]["required"] is False
    assert convert["ambiguous"]["schema"]["enum"] == ["raise", "earlier", "later", "compatible"]
    assert convert["to"]["schema"]["default"] == "UTC"
    assert convert["time"]["schema"]["examples"] == ["2026-03-29T12:00"]


def test_request_headers_the_view_reads_are_parameters_too(document):
    header = document["paths"]["/timezones"]["get"]["parameters"][-1]
    assert (header["name"], header["in"], header["required"]) == ("If-None-Match", "header", False)
    assert "304" in document["paths"]["/timezones"]["get"]["responses"]


def test_zone_names_are_an_enum_of_every_name_and_alias(document, catalogue):
    zone_names = document["components"]["schemas"]["ZoneName"]["enum"]
    assert {"Europe/Paris", "Europe/Kiev", "UTC"} <= set(zone_names)
    assert len(zone_names) == len(catalogue.names) + len(catalogue.aliases)


def test_errors_are_documented_in_cornices_format(document):
    responses = document["paths"]["/convert"]["get"]["responses"]
    assert {"200", "400", "406", "500"} <= responses.keys()
    assert "404" not in responses  # /convert has no path parameter to miss
    assert document["paths"]["/__lbheartbeat__"]["get"]["responses"].keys() == {"200", "406", "500"}  # no parameter: no 400
    error = document["components"]["schemas"]["Error"]
    assert error["properties"]["errors"]["items"]["required"] == ["location", "name", "description"]


def test_response_bodies_admit_no_undeclared_field(document):
    body = document["paths"]["/time"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False
    assert body["properties"]["next_transition"]["type"] == ["string", "null"]
    assert {"t1", "received_ns", "transmit_ns"} & set(body["required"]) == set()


def test_a_route_with_an_enumerated_placeholder_is_one_path_per_value(document):
    assert {"/api/timezone/{name}", "/api/timezone/{name}.txt"} <= document["paths"].keys()
    operation = document["paths"]["/api/timezone/{name}.txt"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["name"]
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/plain"}


def test_route_patterns_become_openapi_paths():
    assert openapi_path("/timezones/{name:.+}") == "/timezones/{name}"
    assert openapi_path("/a/{b}/{c:\\d+}") == "/a/{b}/{c}"


def test_a_validator_without_a_json_schema_equivalent_is_refused():
    node = colander.SchemaNode(colander.String(), validator=colander.Email())
    with pytest.raises(ValueError, match="no JSON Schema for the validator"):
        json_schema(node)


def test_a_colander_type_without_a_json_schema_equivalent_is_refused():
    with pytest.raises(ValueError, match="no JSON Schema for the colander type"):
        json_schema(colander.SchemaNode(colander.Time()))


def test_nested_validators_and_references_are_translated():
    node = colander.SchemaNode(colander.Int(), validator=colander.All(colander.Range(min=0), colander.OneOf([0, 1])))
    assert json_schema(node) == {"type": "integer", "minimum": 0, "enum": [0, 1]}
    assert json_schema(zone_name("a zone"))["$ref"] == "#/components/schemas/ZoneName"


def test_the_new_routes_and_their_parameters_are_documented(document):
    paths = document["paths"]
    assert {"/calculate", "/difference", "/worldclock", "/timezones/{name}/transitions"} <= paths.keys()
    transitions = {p["name"]: p for p in paths["/timezones/{name}/transitions"]["get"]["parameters"]}
    assert transitions.keys() == {"name", "from", "to", "limit"} and transitions["limit"]["schema"]["maximum"] == 1000
    difference = {p["name"]: p["schema"] for p in paths["/difference"]["get"]["parameters"]}
    assert difference["largest_unit"]["default"] == "hours" and difference["largest_unit"]["enum"][0] == "years"
    calculate = {p["name"]: p["schema"] for p in paths["/calculate"]["get"]["parameters"]}
    assert (calculate["ambiguous"]["default"], calculate["overflow"]["enum"]) == ("compatible", ["constrain", "reject"])


def test_the_world_clocks_zones_are_one_comma_separated_parameter(document):
    [tz] = [p for p in document["paths"]["/worldclock"]["get"]["parameters"] if p["name"] == "tz"]
    assert (tz["style"], tz["explode"], tz["required"]) == ("form", False, True)
    assert tz["schema"]["items"] == {"$ref": "#/components/schemas/ZoneName"} and tz["schema"]["maxItems"] == 50


def test_every_route_showing_a_zone_takes_a_locale_from_the_cldr_list(document):
    for path in ("/time", "/timezones/{name}", "/convert", "/calculate", "/difference", "/worldclock"):
        [locale] = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == "locale"]
        assert locale["schema"]["$ref"] == "#/components/schemas/Locale" and locale["required"] is False, path
    assert {"fr", "pt-BR", "ja"} <= set(document["components"]["schemas"]["Locale"]["enum"])


def test_the_localized_object_is_declared_wherever_zone_fields_are(document):
    body = document["paths"]["/convert"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    localized = body["properties"]["to"]["properties"]["localized"]
    assert set(localized["required"]) == {"locale", "specific_name", "generic_name", "exemplar_city", "datetime_full", "datetime_medium"}
    assert "localized" not in body["properties"]["to"]["required"]


def body_schema(document, path: str) -> dict:
    """The documented 200 body of GET `path`, with the components its references point into."""
    schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return {**schema, "components": document["components"]}


def test_a_null_disambiguation_is_allowed_by_the_enum(document):
    schema = body_schema(document, "/calculate")["properties"]["disambiguated"]
    assert [Draft202012Validator(schema).is_valid(value) for value in (None, "earlier", "later", "sideways")] == [True, True, True, False]


@pytest.mark.parametrize(
    "path, target",
    [
        ("/calculate", "/calculate?time=2026-03-28T02:30&tz=Europe/Paris&add=P1D&locale=fr"),
        ("/difference", "/difference?start=0&end=1.000000001&locale=ja"),
        ("/worldclock", "/worldclock?tz=Europe/Paris,Asia/Tokyo&locale=pt-BR"),
        ("/timezones/{name}/transitions", "/timezones/Europe/Paris/transitions?from=2026-01-01T00:00Z&limit=1"),
        ("/convert", "/convert?time=2026-07-01T12:00&from=Europe/Paris&locale=de"),
        ("/time", "/time?tz=Europe/Dublin&locale=ga"),
        ("/timezones/{name}", "/timezones/Asia/Kolkata?locale=hi"),
    ],
)
def test_answers_with_the_new_fields_match_their_documented_bodies(app, document, path, target):
    import webtest

    body = webtest.TestApp(app).get(target).json
    errors = [error.message for error in Draft202012Validator(body_schema(document, path)).iter_errors(body)]
    assert errors == []
