"""deploy/compose.yaml, run by podman-compose: the service comes up with the host's zone, and goes down."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.container.podman import PodmanError, wait_until_answering
from tests.support.processes import ROOT, free_port, free_udp_tcp_port
from tests.support.pserve import get

from . import ZONE

pytestmark = pytest.mark.container

COMPOSE = ROOT / "deploy" / "compose.yaml"
PODMAN_COMPOSE = Path(sys.executable).with_name("podman-compose")
LOCALTIME = Path("/etc/localtime")


class Project:
    """One podman-compose project of deploy/compose.yaml, published on a loopback port."""

    def __init__(self, podman):
        self.podman, self.name, self.port = podman, f"timesvc-smoke-{os.getpid()}", free_port()
        # compose reads TZ and TIMESVC_*PUBLISH from its environment, as from a home-lab shell's; Roughtime's
        # port on loopback too, so that a pserve of development.ini on 127.0.0.1:5319 is not in the way.
        roughtime = f"127.0.0.1:{free_udp_tcp_port()}"
        self.env = {**podman.env, "TZ": ZONE, "TIMESVC_PUBLISH": f"127.0.0.1:{self.port}", "TIMESVC_ROUGHTIME_PUBLISH": roughtime}

    def __call__(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(PODMAN_COMPOSE), f"--project-name={self.name}", f"--file={COMPOSE}", *args]
        result = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise PodmanError(f"podman-compose {' '.join(args)}: exit status {result.returncode}\n{result.stderr.strip()}")
        return result

    def containers(self) -> list[str]:
        listed = self.podman("ps", "--all", f"--filter=label=io.podman.compose.project={self.name}", "--format={{.Names}}")
        return listed.stdout.split()


@pytest.fixture(scope="module")
def project(podman, image):
    project = Project(podman)
    try:
        project("up", "--detach", "--no-build")
        yield project
    finally:
        project("down")


def test_compose_serves_time_with_the_hosts_zone_passed_in(project, podman):
    [container] = project.containers()
    wait_until_answering(podman, container, project.port)
    assert get(project.port, "/time")[0] == 200
    [details] = podman.inspect(container)
    assert f"TZ={ZONE}" in details["Config"]["Env"]
    copied = podman("exec", container, "sha256sum", "/etc/localtime").stdout.split()[0]
    assert copied == hashlib.sha256(LOCALTIME.read_bytes()).hexdigest()
    assert details["HostConfig"]["ReadonlyRootfs"] is True
    assert details["HostConfig"]["RestartPolicy"]["Name"] == "unless-stopped"


def test_compose_down_leaves_no_container_or_network(project, podman):
    project("down")
    assert project.containers() == []
    assert f"{project.name}_default" not in podman("network", "ls", "--format={{.Name}}").stdout.split()
