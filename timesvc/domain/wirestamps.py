"""When bytes arrived, by the kernel's clock: SO_TIMESTAMPNS asked of a socket, its stamp read from recvmsg().

Linux stamps each segment a socket receives when asked (SO_TIMESTAMPNS) and hands the stamp, a struct
timespec, as ancillary data (SCM_TIMESTAMPNS) of the recvmsg() that reads it; Python names neither
constant (asm-generic/socket.h: 35). The server's connections stamp T2 with it (timesvc.tuned.stamps),
the client T4 (timesvc.client.exchange): both ends read arrivals the same way.
"""
import socket
import struct

SO_TIMESTAMPNS = SCM_TIMESTAMPNS = 35
_TIMESPEC = struct.Struct("@qq")
ANCILLARY = socket.CMSG_SPACE(_TIMESPEC.size) if hasattr(socket, "CMSG_SPACE") else 0  # recvmsg()'s ancbufsize


def stamp_arrivals(sock) -> bool:
    """Ask the kernel to stamp what `sock` receives; False where it cannot (another system, another socket)."""
    if not ANCILLARY or not hasattr(sock, "recvmsg"):
        return False
    try:
        sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    except OSError:
        return False
    return True


def arrival(ancillary) -> int | None:
    """The kernel's stamp among recvmsg()'s ancillary data, ns since the epoch; None when it holds none."""
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == SCM_TIMESTAMPNS and len(payload) >= _TIMESPEC.size:
            seconds, nanoseconds = _TIMESPEC.unpack_from(payload)
            return seconds * 1_000_000_000 + nanoseconds
    return None
