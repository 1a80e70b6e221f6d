"""newlib's own tzset and localtime_r, built from Debian's newlib-source package for the tests to call.

The package (in .ci/apt-packages) holds newlib 3.3.0's source tarball: the pre-2022 grammar that
tests/support/newlib_tzset.py ports as "old". tzset_r.c, tzcalc_limits.c, lcltime_r.c and
month_lengths.c are taken from it unchanged and compiled with the stand-in headers beside this file
into a shared library in a temporary folder; nothing built is kept.
"""
import ctypes
import glob
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

_SOURCES = ("tzset_r.c", "tzcalc_limits.c", "lcltime_r.c", "month_lengths.c")
_HERE = Path(__file__).parent / "newlib_c"


def tarball() -> str | None:
    found = sorted(glob.glob("/usr/src/newlib/newlib-*.tar.xz"))
    return found[-1] if found else None


def missing() -> str | None:
    """Why the library cannot be built here, or None."""
    if tarball() is None:
        return "newlib's source is not installed (apt-get install newlib-source)"
    if shutil.which("gcc") is None:
        return "gcc is not installed"
    return None


class NewlibC:
    """newlib 3.3.0 compiled: `read(tz)` sets TZ on a fresh state; `local(t)` is (UTC offset seconds, %Z name)."""

    def __init__(self, folder: Path):
        with tarfile.open(tarball()) as archive:
            for member in archive.getmembers():
                if "/newlib/libc/time/" in member.name and Path(member.name).name in _SOURCES:
                    member.name = Path(member.name).name
                    archive.extract(member, folder, filter="data")
        for name in ("local.h", "_ansi.h", "reent.h", "driver.c"):
            shutil.copy(_HERE / name, folder / name)
        library = folder / "libnewlibtz.so"
        sources = [str(folder / name) for name in (*_SOURCES, "driver.c")]
        subprocess.run(
            ["gcc", "-shared", "-fPIC", "-O1", "-w", f"-I{folder}", "-o", str(library), *sources],
            check=True,
            capture_output=True,
            timeout=120,
        )
        self._lib = ctypes.CDLL(str(library))
        self._lib.nl_set.argtypes = [ctypes.c_char_p]
        self._lib.nl_local.argtypes = [ctypes.c_longlong, ctypes.c_char_p, ctypes.c_size_t]
        self._lib.nl_local.restype = ctypes.c_long
        self._value = None

    def read(self, tz: str):
        self._value = tz.encode("ascii")  # kept alive: newlib keeps the pointer getenv gave it
        self._lib.nl_set(self._value)

    def local(self, t: int) -> tuple[int, str]:
        name = ctypes.create_string_buffer(32)
        offset = self._lib.nl_local(t, name, len(name))
        return offset, name.value.decode("ascii", "replace")


def build(folder: str | None = None) -> NewlibC:
    """The compiled library, in `folder` (a new temporary one by default)."""
    return NewlibC(Path(folder or tempfile.mkdtemp(prefix="newlib-tz-")))
