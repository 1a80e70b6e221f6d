"""The image as `make container` builds it: deploy/Dockerfile, offline, from a wheelhouse made here.

No package index is reachable from inside a build on these machines, so the wheels are built on
the host (`pip wheel`, which reaches the index) into ./wheelhouse, where the Dockerfile looks for
them; the image keeps none of them (its first stage installs them, the second copies the venv).
"""
import os
import shutil
import subprocess
import sys
import tomllib

from tests.support.processes import ROOT

from .podman import Podman

IMAGE = "localhost/timesvc:latest"
WHEELHOUSE = ROOT / "wheelhouse"


def build_requirements() -> list[str]:
    """What pyproject.toml's build backend needs: the offline build installs it from the wheelhouse too."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]


def build_wheelhouse():
    """Wheels of every dependency (and of the build backend) for this Python, in ./wheelhouse."""
    shutil.rmtree(WHEELHOUSE, ignore_errors=True)
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--wheel-dir", str(WHEELHOUSE), ".", *build_requirements()]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"pip wheel: exit status {result.returncode}\n{result.stderr.strip()}")
    # The image builds timesvc from the checkout itself.
    for wheel in WHEELHOUSE.glob("timesvc-*.whl"):
        wheel.unlink()


def commit() -> str:
    result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def build_image(podman: Podman, base: str, revision: str, image: str = IMAGE) -> str:
    """podman build of deploy/Dockerfile on `base`, in the docker format that keeps HEALTHCHECK."""
    podman(
        "build",
        "--format=docker",
        "--file=deploy/Dockerfile",
        f"--build-arg=BASE_IMAGE={base}",
        f"--build-arg=COMMIT={revision}",
        "--build-arg=BUILD=make container",
        f"--tag={image}",
        ".",
        cwd=ROOT,
        timeout=900,
        preexec_fn=lambda: os.nice(10),  # a shared 2-core machine: the build yields to others
    )
    return image
