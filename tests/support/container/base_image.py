"""The base image the smoke test builds on, made here since no container registry is reachable.

A Debian bookworm root filesystem from debootstrap (minbase, with python3 and its venv module), as
the official slim Python image would give; the tarball is cached outside the clone, since CI clones
afresh, and imported into podman when the image is missing.
"""
import os
import shutil
import subprocess
from pathlib import Path

from .podman import Podman

IMAGE = "localhost/timesvc-base:bookworm"
SUITE, MIRROR = "bookworm", "http://deb.debian.org/debian"
PACKAGES = "python3,python3-venv,ca-certificates"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "timesvc"
TARBALL = CACHE / f"{SUITE}-minbase-python3.tar"
# An imported tarball carries no configuration: the PATH an image normally sets.
CHANGES = ("ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",)


def run(command: list[str], timeout: float):
    """Run a command; on failure, raise with the end of what it printed."""
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()[-20:]
        raise RuntimeError(f"{' '.join(command)}: exit status {result.returncode}\n" + "\n".join(output))


def build_tarball(tarball: Path = TARBALL):
    """debootstrap a root filesystem and pack it into `tarball` (about a minute)."""
    rootfs = tarball.with_suffix(".rootfs")
    shutil.rmtree(rootfs, ignore_errors=True)
    tarball.parent.mkdir(parents=True, exist_ok=True)
    try:
        run(["nice", "-n", "10", "debootstrap", "--variant=minbase", f"--include={PACKAGES}", SUITE, str(rootfs), MIRROR], 900)
        # The downloaded packages and indexes: an image has no use for them (the slim images drop them too).
        for cache in (rootfs / "var/cache/apt/archives", rootfs / "var/lib/apt/lists"):
            for entry in cache.glob("*"):
                if entry.is_file():
                    entry.unlink()
        partial = tarball.with_suffix(".partial")
        run(["tar", "--create", "--file", str(partial), "--directory", str(rootfs), "."], 300)
        partial.rename(tarball)
    finally:
        shutil.rmtree(rootfs, ignore_errors=True)


def ensure(podman: Podman) -> str:
    """The base image's name, imported (and first built) when podman does not have it."""
    if not podman.image_exists(IMAGE):
        if not TARBALL.exists():
            build_tarball()
        podman("import", *(f"--change={change}" for change in CHANGES), str(TARBALL), IMAGE, timeout=300)
    return IMAGE
