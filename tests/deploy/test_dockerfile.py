"""deploy/Dockerfile and deploy/compose.yaml agree with the service and with each other.

`make container` builds and runs them (tests/deploy/container/); these checks need no podman.
"""
import re

import yaml

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
DOCKERFILE = (DEPLOY / "Dockerfile").read_text()


def instructions(keyword: str) -> list[str]:
    """The arguments of each `keyword` instruction, comments left out."""
    return re.findall(rf"^{keyword} (.+)$", DOCKERFILE, re.M)


def test_both_stages_build_from_the_base_image_argument_the_official_slim_python_by_default():
    assert re.fullmatch(r"BASE_IMAGE=docker\.io/library/python:[\d.]+-slim", instructions("ARG")[0])
    assert instructions("FROM") == ["${BASE_IMAGE} AS build", "${BASE_IMAGE}"]


def test_the_image_serves_production_ini_and_checks_the_lbheartbeat():
    assert instructions("CMD") == ['["pserve", "production.ini"]']
    assert re.search(r"^HEALTHCHECK .*\n.*/__lbheartbeat__", DOCKERFILE, re.M)
    assert "version.json" in DOCKERFILE and "PORT=6543" in DOCKERFILE
    assert instructions("EXPOSE") == ["6543", "5319/udp", "5319/tcp"]  # HTTP, then Roughtime on its IANA port


def test_the_build_context_lets_in_the_package_and_the_wheelhouse_only():
    rules = [line for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines() if line and not line.startswith("#")]
    assert rules[0] == "*"
    assert {rule[1:] for rule in rules if rule.startswith("!")} == {"pyproject.toml", "setup.cfg", "README.md", "production.ini", "timesvc", "wheelhouse"}


def test_compose_runs_one_read_only_service_on_the_images_port_with_the_hosts_zone():
    [service] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"].values()
    assert [port.rsplit(":", 1)[1] for port in service["ports"]] == instructions("EXPOSE")
    assert service["ports"][1:] == ["${TIMESVC_ROUGHTIME_PUBLISH:-5319}:5319/udp", "${TIMESVC_ROUGHTIME_PUBLISH:-5319}:5319/tcp"]
    assert "TZ" in service["environment"]
    assert "/etc/localtime:/etc/localtime:ro" in service["volumes"]
    assert service["read_only"] is True and service["restart"] == "unless-stopped"
    assert service["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    # the image's HEALTHCHECK stays the test; compose sets its timings only
    assert "test" not in service["healthcheck"]


def test_compose_mounts_roughtimes_key_where_its_setting_looks_once_both_are_uncommented():
    compose = (DEPLOY / "compose.yaml").read_text()
    [setting] = re.findall(r"^\s*# - TIMESVC_ROUGHTIME_KEY=(\S+)$", compose, re.M)
    [target] = re.findall(r"^\s*# - \./roughtime\.key:(\S+):ro$", compose, re.M)
    assert setting == target == "/run/secrets/roughtime.key"
