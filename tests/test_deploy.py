"""The deploy/ recipes agree with the service: probe paths are its routes, ports and users match."""
import configparser
import re

import pytest
import yaml

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
OPERATIONS = (ROOT / "docs" / "operations.md").read_text()


@pytest.fixture(scope="module")
def manifests():
    documents = [doc for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text())]
    return {doc["kind"]: doc for doc in documents}


@pytest.fixture(scope="module")
def container(manifests):
    [container] = manifests["Deployment"]["spec"]["template"]["spec"]["containers"]
    return container


def test_the_manifests_hold_the_four_objects(manifests):
    assert set(manifests) == {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"}


def test_probes_hit_the_dockerflow_routes_on_the_served_port(container, testapp):
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    environment = {variable["name"]: variable["value"] for variable in container["env"]}
    liveness, readiness = container["livenessProbe"]["httpGet"], container["readinessProbe"]["httpGet"]
    assert (liveness["path"], readiness["path"]) == ("/__lbheartbeat__", "/__heartbeat__")
    assert ports[liveness["port"]] == ports[readiness["port"]] == int(environment["PORT"])
    testapp.get(liveness["path"], status=200)
    testapp.get(readiness["path"], status=200)


def test_the_service_and_budgets_select_the_pods(manifests):
    labels = manifests["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert manifests["Service"]["spec"]["selector"].items() <= labels.items()
    assert manifests["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert manifests["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["name"] == manifests["Deployment"]["metadata"]["name"]
    assert manifests["Service"]["spec"]["ports"][0]["targetPort"] == "http"


def test_pods_run_as_the_images_non_root_user_with_resources(manifests, container):
    pod = manifests["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert re.search(r"^USER (\d+)$", (DEPLOY / "Dockerfile").read_text(), re.M).group(1) == str(pod["securityContext"]["runAsUser"]) == "10001"
    assert {"requests", "limits"} <= container["resources"].keys()


def test_settings_in_the_manifest_are_valid(container):
    from timesvc.ops.settings import parse_settings

    environment = {variable["name"]: variable["value"] for variable in container["env"]}
    parse_settings({}, environment)  # raises ConfigurationError on a bad value


def test_dockerfile_serves_production_ini_and_checks_the_lbheartbeat():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:[\d.]+-slim$", dockerfile, re.M)
    assert 'CMD ["pserve", "production.ini"]' in dockerfile
    assert re.search(r"^HEALTHCHECK .*\n.*/__lbheartbeat__", dockerfile, re.M)
    assert "version.json" in dockerfile and "PORT=6543" in dockerfile


def test_systemd_unit_runs_the_documented_command_per_port():
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str
    unit.read(DEPLOY / "systemd" / "timesvc@.service")
    command = unit["Service"]["ExecStart"]
    assert command.endswith("production.ini http_port=%i")
    assert f"ExecStart={command}" in OPERATIONS
