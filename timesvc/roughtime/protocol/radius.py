"""RADI: how far from MIDP the true time may be, in whole seconds (RFC 10049 §5.2.5).

The server must ensure that the true time lies within (MIDP - RADI, MIDP + RADI). MIDP is the clock read
and truncated to whole seconds, which puts it up to (not including) one second before the clock; the clock
is at most the kernel's maximum error from the true time. So RADI = ceil(max_error) + 1 covers both, and is
never below MINIMUM_RADIUS: the RFC asks servers without leap-second information (this one reads none) for
at least 3 seconds.
"""
import math

MINIMUM_RADIUS = 3
MAXIMUM_RADIUS = 2**32 - 1  # RADI is a uint32
# The error Linux reports for a clock no daemon disciplines: the NTP phase limit its maxerror saturates at.
# Used only where answering with an unknown error is chosen (development), never as a bound.
UNKNOWN_MAX_ERROR = 16.0


def radius(max_error: float) -> int:
    """RADI for a clock that is at most `max_error` seconds from the true time."""
    if not max_error >= 0:  # also rejects NaN
        raise ValueError(f"a maximum error is a number of seconds >= 0, not {max_error!r}")
    if max_error >= MAXIMUM_RADIUS - 1:  # infinity too, which math.ceil cannot take
        return MAXIMUM_RADIUS
    return max(MINIMUM_RADIUS, math.ceil(max_error) + 1)


def vouched(status) -> bool:
    """Whether a ClockStatus vouches for an error bound: the clock synchronized, its maximum error reported."""
    return bool(status.synchronized) and status.max_error is not None
