"""GET /posix: a zone's POSIX TZ string from now on, alone, for a device to hand to tzset (docs/devices.md)."""
import colander

from ...domain.fields import POSIX_DIALECT
from ...domain.posixtz import DIALECTS
from ...location.queries import zone_of_caller, zone_of_query
from ..openapi import responds
from ..rendering import text_error, text_response
from ..schemas import choice
from ..zones import place_query
from . import ServiceSpec

posix = ServiceSpec("posix", "/posix", "A zone's POSIX TZ string from now on, as text: the zone and until when in headers", text=True)

ZONE_HEADER = "X-Timezone"
# Absent while the string matches the tz data as far as the data goes (posix_tz_until null).
UNTIL_HEADER = "X-POSIX-TZ-Until"


class PosixQuery(place_query("the caller's, by its address (the local network's zone for a caller on it)")):
    dialect = choice(
        "Who reads the string: newlib (newlib 4.3+, glibc, the tz code), posix (RFC 9636 as written), "
        "newlib_old (newlib before 4.3: ESP8266 core 2.x, ESP-IDF before 4.4.3) or eztime (ezTime's own reading)",
        DIALECTS,
        missing=POSIX_DIALECT,
    )


class PosixRequest(colander.MappingSchema):
    querystring = PosixQuery()


LINE = colander.SchemaNode(colander.String(), description="The POSIX TZ string, without a newline (newlib 3.3 reads one after JST-9 as a DST name)")
ERROR_LINE = colander.SchemaNode(colander.String(), description="One line, `parameter: what to send instead`")


@posix.get(schema=PosixRequest())
@responds({200: LINE, 400: ERROR_LINE, 404: ERROR_LINE, 500: ERROR_LINE, 503: ERROR_LINE}, media_type="text/plain")
def get_posix(request):
    query = request.validated["querystring"]
    zone, _ = zone_of_query(request, otherwise=zone_of_caller)
    fields = zone.posix_fields(request.registry.clock() // 1_000_000_000, query["dialect"])
    if fields["posix_tz"] is None:
        return text_error(404, "dialect", f"no POSIX TZ string {query['dialect']} reads shows {zone.name}'s clocks now; ask with dialect=posix")
    response = text_response(200, fields["posix_tz"])
    response.headers[ZONE_HEADER] = zone.name
    if fields["posix_tz_until"] is not None:
        response.headers[UNTIL_HEADER] = fields["posix_tz_until"]
    response.headers["Cache-Control"] = "no-store"
    return response
