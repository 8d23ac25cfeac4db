"""The Python SDK in sdk/python: generated from the committed spec by the pinned generator, never edited by hand,
installable, and generated so that streaming and binary endpoints come back as bytes (the flows themselves run
against the real stack in tests/integration/test_sdk_flows.py)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import shutil
import subprocess
import sys
import typing
import zipfile
from importlib.metadata import distribution, version
from pathlib import Path

import pytest

from scripts import gen_sdk

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdk" / "python"


def tree(path: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(path)): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_committed_sdk_is_a_fresh_generation(tmp_path: Path) -> None:
    assert version("openapi-python-client") == gen_sdk.GENERATOR_VERSION, "pin it in requirements/dev.txt"
    fresh = tmp_path / gen_sdk.PACKAGE
    gen_sdk.generate(fresh)
    committed, generated = tree(SDK / gen_sdk.PACKAGE), tree(fresh)
    assert sorted(committed) == sorted(generated), "sdk/python is stale: run `make sdk`"
    changed = [name for name in generated if committed[name] != generated[name]]
    assert not changed, f"sdk/python differs from a fresh generation in {changed[:5]}: run `make sdk`"


def test_every_stream_and_binary_body_is_bytes_for_the_generator() -> None:
    spec = json.loads((ROOT / "sdk" / "openapi.json").read_text())
    prepared, raw_types = gen_sdk.sdk_spec(spec)
    assert {"text/event-stream", "audio/wav", "audio/mpeg"} <= raw_types
    streams = 0
    for path, operations in prepared["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                for content_type, media in (response.get("content") or {}).items():
                    if status.startswith("2") and not gen_sdk.is_json(content_type):
                        assert media["schema"] == gen_sdk.BINARY, (method, path, content_type)
                        streams += content_type == "text/event-stream"
            assert len((operation.get("requestBody") or {}).get("content") or {}) <= 1, (method, path)
    assert streams >= 4  # job events, conversation messages, the video stream, streamed chat completions
    config = gen_sdk.generator_config(raw_types)
    assert config["post_hooks"] == [] and set(config["content_type_overrides"]) == raw_types


def test_streaming_operations_return_files_and_every_module_imports() -> None:
    import talkface_client.api as api
    from talkface_client.types import File

    modules = [importlib.import_module(m.name) for m in pkgutil.walk_packages(api.__path__, f"{api.__name__}.")]
    assert len(modules) > 40
    for name in ("jobs.jobs_events", "speech.speech_synthesize", "conversations.conversations_send_message"):
        module = importlib.import_module(f"talkface_client.api.{name}")
        (parsed,) = typing.get_args(module.sync_detailed.__annotations__["return"])
        assert File in typing.get_args(parsed), (name, parsed)


def test_sdk_is_installed_from_the_repository_with_its_sse_helper() -> None:
    dist = distribution("talkface-client")
    direct_url = json.loads(dist.read_text("direct_url.json") or "{}")
    assert Path(direct_url["url"].removeprefix("file://")) == SDK
    import talkface_sse

    assert Path(talkface_sse.__file__).parent == SDK
    assert {"job_events", "send_message", "chat_completion_chunks"} <= set(talkface_sse.__all__)


@pytest.mark.slow
def test_sdk_builds_a_wheel_with_both_modules(tmp_path: Path) -> None:
    """`pip install ./sdk/python` works: the wheel pip would install holds the package and the helper."""
    source = tmp_path / "src"
    shutil.copytree(SDK, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", tmp_path, source],
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = tmp_path.glob("talkface_client-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "talkface_sse.py" in names and "talkface_client/api/speech/speech_synthesize.py" in names
    metadata = next(n for n in names if n.endswith("METADATA"))
    requires = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: httpx-sse" in requires and "Requires-Dist: attrs" in requires
