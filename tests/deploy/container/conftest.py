"""`make container`'s fixtures: podman, the base image, the image built from deploy/Dockerfile.

These tests carry the `container` mark, which `make test` leaves out (setup.cfg): they need podman,
runc and debootstrap (.ci/apt-packages) and take minutes.
"""
import os
import shutil
import sys

import pytest

from tests.support.container import base_image, build, sizes
from tests.support.container.podman import Podman

MEASURED = []  # the image's Sizes, once measured, for the summary at the end


@pytest.fixture(scope="session")
def podman():
    if shutil.which("podman") is None:
        pytest.fail("podman is not installed: sh .ci/apt-install installs it (.ci/apt-packages)")
    return Podman()


@pytest.fixture(scope="session")
def base(podman):
    image = base_image.ensure(podman)
    inside = podman("run", "--rm", image, "python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])").stdout.strip()
    here = "%d.%d" % sys.version_info[:2]
    if inside != here:
        pytest.fail(f"{image} has Python {inside}, but the wheelhouse would be built for this venv's {here}: make container PYTHON=python{inside}")
    return image


@pytest.fixture(scope="session")
def revision():
    return build.commit()


@pytest.fixture(scope="session")
def image(podman, base, revision):
    try:
        build.build_wheelhouse()
        return build.build_image(podman, base, revision)
    finally:
        # Left in the checkout, the wheelhouse would make a later `docker build` install stale wheels.
        shutil.rmtree(build.WHEELHOUSE, ignore_errors=True)


@pytest.fixture(scope="session")
def measured(podman, image, base):
    found = sizes.measure(podman, image, base)
    MEASURED.append(found)
    return found


@pytest.fixture
def name(request):
    """A container name of this run's own: only containers so named are stopped and removed."""
    return f"timesvc-smoke-{os.getpid()}-{request.node.name[:40].strip('_')}"


def pytest_terminal_summary(terminalreporter):
    for found in MEASURED:
        terminalreporter.section("image size (python -m tests.support.container.sizes)")
        terminalreporter.write_line(sizes.table(found))
