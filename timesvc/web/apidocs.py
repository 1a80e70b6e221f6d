"""GET /openapi.json (the OpenAPI 3.1 document) and GET /docs (Swagger UI over it, served locally).

Neither is in the document itself: they describe the API rather than being part of it, and the
/docs assets are files of the swagger-ui-bundle package. UNDOCUMENTED names their routes (as
Pyramid names them), which the test comparing Pyramid's routes with the document skips.
"""
import io
from importlib.metadata import version

from swagger_ui_bundle import swagger_ui_path

from .localizing import locale_schema
from .openapi import document
from .rendering import dumps
from .static import add_static_files, html_response

ASSETS = "docs/swagger-ui"
STATIC = "docs/static"
UNDOCUMENTED = ("openapi", "docs", f"__{ASSETS}/", f"__{STATIC}/")
# The files of the swagger-ui-bundle package the page loads; the others (its own index.html and
# swagger-initializer.js, which names a third-party petstore, the OAuth2 redirect page, source maps) are not served.
SWAGGER_UI_FILES = ("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png")
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
    """The document, rendered once per app. Its ~100 KB are handed to the server as a file (wsgi.file_wrapper
    over the one bytes object) where it offers that: a client that does not read then holds no copy of
    them, only the file's position (docs/internals.md, "Bounds")."""
    registry = request.registry
    if not hasattr(registry, "openapi"):  # built on first use: every service is registered by then
        catalogue = registry.catalogue
        zone_name = {"type": "string", "enum": catalogue.names + catalogue.aliases, "description": "IANA zone name or alias"}
        components = {"ZoneName": zone_name, "Locale": locale_schema()}
        registry.openapi = dumps(document(registry.cornice_services.values(), "timesvc", version("timesvc"), components))
    body = registry.openapi
    response = request.response
    wrapper = request.environ.get("wsgi.file_wrapper")
    response.app_iter = wrapper(io.BytesIO(body), 65536) if wrapper else [body]
    response.content_length = len(body)
    return response


def docs_page(request):
    return html_response(PAGE)


def includeme(config):
    config.registry.non_json_paths.append("/docs")
    config.add_route("openapi", "/openapi.json")
    config.add_view(openapi_json, route_name="openapi", request_method="GET")
    config.add_route("docs", "/docs")
    config.add_view(docs_page, route_name="docs", request_method="GET")
    add_static_files(config, ASSETS, str(swagger_ui_path), only=SWAGGER_UI_FILES)
    add_static_files(config, STATIC, "timesvc:static", only=("docs.js",))
