"""podman, run with this project's containers.conf, and the containers the smoke test starts."""
import json
import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.processes import free_port
from tests.support.pserve import get

CONF = Path(__file__).with_name("containers.conf")
# How long a container may take to answer its first request.
START_TIMEOUT = 30.0


class PodmanError(RuntimeError):
    pass


class Podman:
    """The `podman` command; a CONTAINERS_CONF already set in the environment wins over ours."""

    def __init__(self):
        self.env = {**os.environ, "CONTAINERS_CONF": os.environ.get("CONTAINERS_CONF", str(CONF))}

    def __call__(self, *args: str, check: bool = True, timeout: float = 120, **options) -> subprocess.CompletedProcess:
        result = subprocess.run(["podman", *args], env=self.env, capture_output=True, text=True, timeout=timeout, **options)
        if check and result.returncode != 0:
            raise PodmanError(f"podman {' '.join(args)}: exit status {result.returncode}\n{result.stderr.strip()}")
        return result

    def image_exists(self, image: str) -> bool:
        return self("image", "exists", image, check=False).returncode == 0

    def inspect(self, *names: str) -> list[dict]:
        return json.loads(self("inspect", *names).stdout)

    def image_inspect(self, image: str) -> dict:
        [details] = json.loads(self("image", "inspect", image).stdout)
        return details

    def image_size(self, image: str) -> int:
        """Bytes of the image's layers, as `podman images` counts them."""
        return self.image_inspect(image)["Size"]

    def remove(self, name: str):
        """Stop (at once) and remove a container this test started; nothing happens if it is gone."""
        self("rm", "--force", "--time", "0", name, check=False)


def wait_until_answering(podman: Podman, name: str, port: int, path: str = "/__lbheartbeat__", timeout: float = START_TIMEOUT):
    """Poll `path` on the loopback port published for container `name` until it answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        [state] = podman.inspect(name)
        if not state["State"]["Running"]:
            break
        time.sleep(0.2)
    logs = podman("logs", name, check=False)
    raise PodmanError(f"container {name} does not answer {path} on port {port}:\n{logs.stdout}{logs.stderr}")


@contextmanager
def running(podman: Podman, image: str, name: str, *options: str, container_port: int = 6543, command: tuple = ()):
    """Yield the loopback port of a detached container; it is removed afterwards, failure or not."""
    port = free_port()
    try:
        podman("run", "--detach", "--name", name, "--publish", f"127.0.0.1:{port}:{container_port}", *options, image, *command)
        if not command:
            wait_until_answering(podman, name, port)
        yield port
    finally:
        podman.remove(name)
