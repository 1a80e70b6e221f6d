"""deploy/kubernetes/ agrees with the service and with Kubernetes: probes hit its routes, ports and users
match the image, and every object validates against the schemas of a current Kubernetes release."""
import re

import kubernetes_validate
import pytest
import yaml

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
PATHS = sorted((DEPLOY / "kubernetes").glob("*.yaml"))


def documents():
    return [(path.name, doc) for path in PATHS for doc in yaml.safe_load_all(path.read_text())]


@pytest.fixture(scope="module")
def manifests():
    return {doc["kind"]: doc for _, doc in documents()}


@pytest.fixture(scope="module")
def container(manifests):
    [container] = manifests["Deployment"]["spec"]["template"]["spec"]["containers"]
    return container


def test_the_manifests_hold_the_four_objects(manifests):
    assert set(manifests) == {"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"}


# kubernetes-validate ships the schemas of each release it knows: this runs offline. strict: a field
# the schema does not know (a typo such as `readinesProbe`) fails too.
@pytest.mark.parametrize(("path", "document"), documents(), ids=[f"{name}:{doc['kind']}" for name, doc in documents()])
def test_each_object_is_valid_for_the_latest_kubernetes_release(path, document):
    version = kubernetes_validate.latest_version()
    assert kubernetes_validate.validate(document, version, strict=True) == ".".join(version.split(".")[:2])


def test_validation_rejects_a_misspelt_field(container):
    deployment = yaml.safe_load((DEPLOY / "kubernetes" / "deployment.yaml").read_text())
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = container["readinessProbe"]
    with pytest.raises(kubernetes_validate.ValidationError, match="readinesProbe"):
        kubernetes_validate.validate(deployment, kubernetes_validate.latest_version(), strict=True)


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
    user, group = re.search(r"^USER (\d+):(\d+)$", (DEPLOY / "Dockerfile").read_text(), re.M).groups()
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert (str(pod["securityContext"]["runAsUser"]), str(pod["securityContext"]["runAsGroup"])) == (user, group) == ("10001", "10001")
    assert {"requests", "limits"} <= container["resources"].keys()


def test_settings_in_the_manifest_are_valid(container):
    from timesvc.ops.settings import parse_settings

    environment = {variable["name"]: variable["value"] for variable in container["env"]}
    parse_settings({}, environment)  # raises ConfigurationError on a bad value


def test_every_pod_serves_roughtime_on_5319_with_the_key_from_the_secret_and_the_service_exposes_it(manifests, container):
    pod = manifests["Deployment"]["spec"]["template"]["spec"]
    ports = {port["name"]: (port["containerPort"], port.get("protocol", "TCP")) for port in container["ports"]}
    assert (ports["roughtime-udp"], ports["roughtime-tcp"]) == ((5319, "UDP"), (5319, "TCP"))
    served = {(port["targetPort"], port["port"], port.get("protocol", "TCP")) for port in manifests["Service"]["spec"]["ports"]}
    assert {("roughtime-udp", 5319, "UDP"), ("roughtime-tcp", 5319, "TCP")} <= served
    environment = {variable["name"]: variable["value"] for variable in container["env"]}
    [mount] = [m for m in container["volumeMounts"] if environment["TIMESVC_ROUGHTIME_KEY"].startswith(m["mountPath"] + "/")]
    [volume] = [v for v in pod["volumes"] if v["name"] == mount["name"]]
    # the file the setting names is in the Secret, readable by the pod's group (the image's user reads by it)
    assert environment["TIMESVC_ROUGHTIME_KEY"].rpartition("/")[2] == "roughtime.key" and "secretName" in volume["secret"]
    assert volume["secret"]["defaultMode"] == 0o440 and pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsGroup"]
