"""The service's HTML answers and static files: one strict CSP for every page, and files refused in JSON.

Pyramid's static view serves every file under its directory and leaves a Range past a file's end to
WebOb, which answers 416 in text/plain when the response is sent, past every view. Here a static view
may be limited to the files named (Swagger UI's package also holds an index.html, an OAuth2 redirect
page, a template and source maps that /docs never loads), and the 416 is the service's JSON error.
"""
from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.static import static_view

from ..domain.errors import echo
from .rendering import error_response

# Everything from this origin: no inline script or style, no framing, no plugins; data: images for
# Swagger UI's icons; forms submit here (the clock page's zone picker).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
CACHE_SECONDS = 3600


def html_response(body: bytes, status: int = 200) -> Response:
    """A page of the service, with the CSP every page carries (X-Content-Type-Options comes with every answer)."""
    response = Response(body=body, status=status, content_type="text/html", charset="utf-8")
    response.headers.update({"Content-Security-Policy": CSP, "Referrer-Policy": "no-referrer"})
    return response


def _not_modified(request, response) -> bool:
    """WebOb's 304 test (Response.conditional_response_app), which it makes before it reads the Range."""
    if request.if_none_match and response.etag:
        return response.etag in request.if_none_match
    return bool(request.if_modified_since and response.last_modified and response.last_modified <= request.if_modified_since)


def _range_refusal(request, response) -> Response | None:
    """The JSON 416 for a Range that starts past the end of the file WebOb would answer in text/plain; else None."""
    wanted, length = request.range, response.content_length
    if wanted is None or length is None or response.status_code != 200 or response not in request.if_range:
        return None
    if wanted.content_range(length) is not None or _not_modified(request, response):
        return None
    refusal = error_response(
        416, "header", "Range", f"range {echo(request.headers['Range'])} lies past the end of this file of {length} bytes: ask for bytes=0-{length - 1} or a part of it"
    )
    refusal.headers["Content-Range"] = f"bytes */{length}"
    return refusal


def add_static_files(config, path: str, root: str, only: tuple[str, ...] | None = None):
    """Serve the files under `root` (an asset spec or a directory) at /`path`/; with `only`, just those names."""
    serve = static_view(root, cache_max_age=CACHE_SECONDS, use_subpath=True)
    named = None if only is None else {(name,) for name in only}

    def static_file(context, request):
        if named is not None and request.subpath not in named:
            raise HTTPNotFound()
        response = serve(context, request)
        return _range_refusal(request, response) or response

    name = f"__{path}/"  # as Pyramid names a static view's route: left out of the OpenAPI document
    config.add_route(name, f"/{path}/*subpath")
    config.add_view(static_file, route_name=name)
    config.registry.non_json_paths.append(f"/{path}/")
