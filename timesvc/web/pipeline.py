"""The request path, declared once: every stage a request passes through, in order, and where each lives.

Read top to bottom, this is one request's way through timesvc (Kinto's `initialization_sequence` is the
model). `timesvc.tuned` swaps the implementation of some stages from its own includeme; the column says which.

| # | stage | module | what it does | tuned |
|---|---|---|---|---|
| 1 | channel | serving.defences, serving.framing | reads the bytes, frames the request as strictly as nginx, drops slow clients | (its loop: tuned.eventloop) |
| 2 | request factory | Pyramid's Request | the request object | a subclass carrying Cornice's attributes (tuned.cornice_hooks) |
| 3 | tween `received` | web.received | T2 of `/time?t1=`: the clock read before any other work | |
| 4 | tween `request log` | ops.requestlog | the request id, one request.summary record, the request metrics | records copied from a prototype (tuned.logging) |
| 5 | tween `negotiation` | web.rendering | 406 for a client that accepts no JSON, before routing | |
| 6 | tween `filters` | tuned.cornice_hooks | Cornice's response filters and CORS headers (without tuned: Cornice's NewRequest callback) | tuned only |
| 7 | Pyramid's excview tween | web.errors | every exception answered in Cornice's JSON error format | |
| 8 | routing, Cornice's view | web.services and each feature's service | | |
| 9 | deserializer | web.bodies over Cornice's | what validation reads; an unreadable body is a 400 | the query string alone (tuned.deserializer) |
| 10 | validator | Cornice's colander_validator | the colander schema of the service | remembers valid results per query (tuned.validation) |
| 11 | the view | web.services.*, roughtime.service | the answer, as a dict | |
| 12 | renderer | web.rendering | the dict as JSON into the response the response factory made | a view deriver that renders at once (tuned.rendering) |

The tweens are added here, each under the one before, so that their order never depends on which
include ran first. The replaceable pieces live in `registry.request_path`, set here to the public
implementations before `timesvc.tuned` runs and before the services are built from them.
"""
from dataclasses import dataclass
from typing import Callable

from cornice.validators import colander_validator
from pyramid.tweens import INGRESS

from ..ops.requestlog import TWEEN as REQUEST_LOG

TWEENS = (
    ("received", "timesvc.web.received.received_tween_factory"),
    ("request log", REQUEST_LOG),
    ("negotiation", "timesvc.web.rendering.negotiation_tween_factory"),
)
LAST_TWEEN = TWEENS[-1][1]  # a tween tuned adds goes under this one, over Pyramid's excview


def cornices_deserializer(reads_headers: bool):
    """Cornice's own deserializer (None), whatever a service's schemas read."""
    return None


@dataclass
class RequestPath:
    """The stages' replaceable pieces, public by default; `timesvc.tuned` replaces them."""

    # reads_headers → the deserializer of a service (None: Cornice's own)
    deserializer: Callable = cornices_deserializer
    # the colander validator every service's view runs
    validator: Callable = colander_validator


def includeme(config):
    config.registry.request_path = RequestPath()
    under = INGRESS
    for _, factory in TWEENS:
        config.add_tween(factory, under=under)
        under = factory
