"""The image built from deploy/Dockerfile, run as a deployment would run it, answers on loopback."""
import configparser
import json
import math
import os

import pytest

from tests.support.container.podman import running
from tests.support.processes import ROOT
from tests.support.pserve import get
from timesvc.serving.options import DEFAULT_GRACEFUL_TIMEOUT

from . import ZONE

pytestmark = pytest.mark.container

BUDGET = 250e6  # bytes the image may add to its base
# As Kubernetes runs it (deploy/kubernetes/deployment.yaml): no writable root, not even /tmp.
LOCKED_DOWN = ("--read-only", "--read-only-tmpfs=false", "--cap-drop=ALL", "--security-opt=no-new-privileges")


def graceful_timeout() -> float:
    """production.ini's graceful_timeout, or the server's default when it sets none."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "production.ini")
    return float(parser["server:main"].get("graceful_timeout", DEFAULT_GRACEFUL_TIMEOUT))


@pytest.fixture(scope="module")
def served(podman, image):
    """(container name, loopback port) of the image run locked down, with TZ set."""
    name = f"timesvc-smoke-{os.getpid()}-served"
    with running(podman, image, name, *LOCKED_DOWN, f"--env=TZ={ZONE}") as port:
        yield name, port


def test_serves_time_as_a_read_only_container(podman, served):
    name, port = served
    status, _, body = get(port, "/time?tz=Europe/Paris")
    assert status == 200, body
    assert json.loads(body)["timezone"] == "Europe/Paris"
    [details] = podman.inspect(name)
    assert details["HostConfig"]["ReadonlyRootfs"] is True
    refused = podman("exec", name, "touch", "/app/written", check=False)
    assert refused.returncode != 0 and "Read-only file system" in refused.stderr


def test_the_server_runs_as_uid_and_gid_10001(podman, served):
    name, _ = served
    status = podman("exec", name, "cat", "/proc/1/status").stdout
    ids = {line.split(":")[0]: line.split()[1:] for line in status.splitlines() if line.startswith(("Uid:", "Gid:"))}
    assert ids == {"Uid": ["10001"] * 4, "Gid": ["10001"] * 4}


def test_heartbeat_finds_the_zone_data(served):
    status, _, body = get(served[1], "/__heartbeat__")
    assert status == 200, body
    assert json.loads(body)["checks"]["zone_data"] == "ok"


def test_api_ip_from_the_host_answers_the_zone_passed_in_with_tz(served):
    # The host reaches the container through podman's bridge, a private address: a local caller.
    status, _, body = get(served[1], "/api/ip")
    assert status == 200, body
    assert json.loads(body)["timezone"] == ZONE


def test_version_reports_the_commit_built(served, revision):
    status, _, body = get(served[1], "/__version__")
    assert status == 200
    assert json.loads(body)["commit"] == revision


def test_the_packages_data_files_are_in_the_image(podman, image):
    """Every non-Python file of timesvc/ in the checkout (API docs script, IP table...) is installed."""
    package = ROOT / "timesvc"
    wanted = sorted(str(path.relative_to(package)) for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py")
    listing = "import importlib.resources as r, pathlib; p = pathlib.Path(str(r.files('timesvc'))); print('\\n'.join(str(f.relative_to(p)) for f in p.rglob('*') if f.is_file()))"
    installed = set(podman("run", "--rm", image, "python", "-c", listing).stdout.split())
    assert wanted and [path for path in wanted if path not in installed] == []


def test_the_healthcheck_passes_on_a_serving_container_and_fails_on_a_silent_one(podman, image, served, name):
    config = podman.image_inspect(image)
    assert "__lbheartbeat__" in " ".join(config["Healthcheck"]["Test"])  # kept: the docker format
    assert podman("healthcheck", "run", served[0], check=False).returncode == 0
    with running(podman, image, name, command=("sleep", "60")):
        assert podman("healthcheck", "run", name, check=False).returncode != 0


def test_serves_on_port_and_exits_0_on_sigterm_within_graceful_timeout(podman, image, name):
    with running(podman, image, name, *LOCKED_DOWN, "--env=PORT=8000", container_port=8000) as port:
        assert get(port, "/time")[0] == 200
        # podman sends SIGTERM, then SIGKILL (exit status 137) once the timeout has passed.
        podman("stop", f"--time={math.ceil(graceful_timeout())}", name, timeout=60)
        [details] = podman.inspect(name)
        logs = podman("logs", name)
    assert details["State"]["ExitCode"] == 0, logs.stdout + logs.stderr
    assert "SIGTERM: no longer accepting" in logs.stdout


def test_the_image_adds_at_most_250_mb_to_its_base(measured):
    assert measured.added <= BUDGET, f"{measured.added / 1e6:.1f} MB over the base"
