"""GET /metrics: Prometheus text format, when the metrics setting is on."""
import colander
from prometheus_client.exposition import choose_encoder
from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response

from ..openapi import CORNICE_ERROR, responds
from . import ServiceSpec

metrics = ServiceSpec("metrics", "/metrics", "Request counts and latency, clock state, tz data version (Prometheus)", json=False)


EXPOSITION = colander.SchemaNode(colander.String(), description="Prometheus exposition format")


@metrics.get()
@responds({200: {"text/plain": EXPOSITION, "application/openmetrics-text": EXPOSITION}, 404: CORNICE_ERROR})
def get_metrics(request):
    if request.registry.metrics is None:
        raise HTTPNotFound()
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))  # OpenMetrics when asked
    return Response(body=encode(request.registry.metrics.registry), content_type=content_type, charset=None)
