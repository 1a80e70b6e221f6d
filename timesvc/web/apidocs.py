"""GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (Swagger UI over it, served locally).

Neither is in the document itself: they describe the API rather than being part of it, and the
/docs assets are files of the swagger-ui-bundle package. UNDOCUMENTED names their routes (as
Pyramid names them), which the test comparing Pyramid's routes with the document skips.
"""
from importlib.metadata import version

from pyramid.response import Response
from swagger_ui_bundle import swagger_ui_path

from .localizing import locale_schema
from .openapi import document
from .rendering import NAME as RENDERER

ASSETS = "docs/swagger-ui"
STATIC = "docs/static"
UNDOCUMENTED = ("openapi", "docs", f"__{ASSETS}/", f"__{STATIC}/")
# Everything comes from this origin; no inline script or style, no framing, no plugins.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>timesvc API</title>
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="{ASSETS}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{STATIC}/docs.js"></script>
</body>
</html>
""".encode()


def openapi_json(request):
    registry = request.registry
    if not hasattr(registry, "openapi"):  # built on first use: every service is registered by then
        catalogue = registry.catalogue
        zone_name = {"type": "string", "enum": catalogue.names + catalogue.aliases, "description": "IANA zone name or alias"}
        components = {"ZoneName": zone_name, "Locale": locale_schema()}
        registry.openapi = document(registry.cornice_services.values(), "timesvc", version("timesvc"), components)
    return registry.openapi


def docs_page(request):
    response = Response(body=PAGE, content_type="text/html", charset="utf-8")
    # X-Content-Type-Options: nosniff comes with every answer (timesvc.ops.requestlog).
    response.headers.update({"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"})
    return response


def includeme(config):
    config.registry.non_json_paths.append("/docs")
    config.add_route("openapi", "/openapi.json")
    config.add_view(openapi_json, route_name="openapi", request_method="GET", renderer=RENDERER)
    config.add_route("docs", "/docs")
    config.add_view(docs_page, route_name="docs", request_method="GET")
    config.add_static_view(ASSETS, str(swagger_ui_path), cache_max_age=3600)
    config.add_static_view(STATIC, "timesvc:static", cache_max_age=3600)
