"""The Roughtime thread's share of the process's time under sustained load.

The listener runs in the process that serves HTTP, and Python threads take turns holding the GIL: a thread
that answers a flood without pause takes as much of the process's time as the flood asks, and HTTP's
threads wait for their turns. So the thread's time is counted: waiting in epoll is idle, the rest is work,
and work beyond its share of the time is owed as rest, slept off once it amounts to SLICE. Under a flood the kernel then drops what does not fit its UDP buffer, and TCP's flow control
holds clients back; below the share, nothing changes.
"""
SLICE = 0.01  # seconds: the longest the thread works beyond its share before resting, and the most it banks


class Pacing:
    """Rest owed by a thread allowed `share` (0 to 1) of the time; `worked` says how long to rest now."""

    def __init__(self, share: float):
        if not 0 < share <= 1:
            raise ValueError("a share of the time is above 0 and at most 1")
        self._rest_per_work = (1 - share) / share
        self._owed = 0.0

    def idle(self, seconds: float):
        self._owed = max(-SLICE, self._owed - seconds)  # a long idle banks one slice, not a flood's worth

    def worked(self, seconds: float) -> float:
        """Seconds to rest now: 0 until SLICE is owed."""
        self._owed += seconds * self._rest_per_work
        if self._owed < SLICE:
            return 0.0
        owed, self._owed = self._owed, 0.0
        return owed
