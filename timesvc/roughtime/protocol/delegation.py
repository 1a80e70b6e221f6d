"""Delegations (RFC 10049 §5.2.6): the long-term key certifies a fresh online key for a window of time.

Each delegation lasts LIFETIME (MAXT - MINT = 24 hours, MINT being the time it is made) and is replaced by a
new one, with a new online key, once HANDOVER (12 hours) of it has passed: successive windows overlap by
half, so the delegation in use always has 12 to 24 hours left, and a compromised online key signs for at
most a day. A clock that jumps outside the current window gets a new delegation at once.
"""
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from .keys import public_key
from .versions import SUPPORTED
from .wire import DELE, MAXT, MINT, PUBK, SIG, encode_message, uint64

LIFETIME = 24 * 3600  # seconds from MINT to MAXT
HANDOVER = 12 * 3600  # seconds after MINT at which the next delegation takes over


@dataclass(frozen=True)
class Delegation:
    """An online key, the window it may sign in, and the CERT value for it in each version."""

    online_key: Ed25519PrivateKey = field(repr=False)
    mint: int
    maxt: int
    certs: dict[int, bytes] = field(repr=False)  # version number -> CERT (the contexts differ by version)

    def covers(self, seconds: int) -> bool:
        return self.mint <= seconds <= self.maxt


def delegate(long_term_key: Ed25519PrivateKey, mint: int, maxt: int) -> Delegation:
    """A new online key, certified by `long_term_key` for MIDP values from `mint` to `maxt`, in every version."""
    online_key = Ed25519PrivateKey.generate()
    dele = encode_message({PUBK: public_key(online_key), MINT: uint64(mint), MAXT: uint64(maxt)})
    certs = {
        version.number: encode_message({SIG: long_term_key.sign(version.delegation_context + dele), DELE: dele})
        for version in SUPPORTED
    }
    return Delegation(online_key, mint, maxt, certs)


class Delegations:
    """The delegation to sign with at each moment, made anew by itself as time goes by."""

    def __init__(self, long_term_key: Ed25519PrivateKey, lifetime: int = LIFETIME, handover: int = HANDOVER):
        if not 0 < handover < lifetime:
            raise ValueError("a delegation is handed over before it expires")
        self.long_term_key, self.lifetime, self.handover = long_term_key, lifetime, handover
        self.latest: Delegation | None = None  # read by health checks for the remaining lifetime

    def at(self, seconds: int) -> Delegation:
        """The delegation for a MIDP of `seconds`, a new one when the latest is due for handover."""
        latest = self.latest
        if latest is None or not latest.mint <= seconds < latest.mint + self.handover:
            latest = self.latest = delegate(self.long_term_key, seconds, seconds + self.lifetime)
        return latest
