"""Generate the Python SDK (``sdk/python/talkface_client``) from the public spec with openapi-python-client.

The generator (pinned in requirements/dev.txt) parses a response by its first content type: JSON is decoded,
``text/*`` is decoded as text and then as the schema says, anything else fails. The public spec documents a
stream's events (``text/event-stream`` with one schema per event) and audio as several ``audio/*`` types, so a
client generated from it verbatim fails on every stream and binary body. This script therefore hands the
generator a copy of the spec in which every non-JSON success body is a binary string and its content type
maps to ``application/octet-stream``: those operations return the raw bytes (``Response.content``,
``File``). Streaming while the body arrives is the job of ``sdk/python/talkface_sse.py``, written by hand.

Nothing under ``talkface_client/`` is edited by hand; ``make sdk`` rewrites it and a unit test fails when the
committed package differs from a fresh generation. No post-hooks run (no ruff), so the output depends only on
the pinned generator version and the spec.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "sdk" / "openapi.json"
SDK_DIR = ROOT / "sdk" / "python"
PACKAGE = "talkface_client"
GENERATOR_VERSION = "0.29.1"
BINARY = {"type": "string", "format": "binary"}


def is_json(content_type: str) -> bool:
    base = content_type.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def sdk_spec(spec: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The spec as the generator should see it (see the module docstring, and optional uploads below), and the
    non-JSON content types it met."""
    out = copy.deepcopy(spec)
    raw_types: set[str] = set()
    for operations in out.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            body = operation.get("requestBody") or {}
            if len(body.get("content") or {}) > 1:
                # One body per operation, the first the spec lists (the form, which carries everything the
                # alternatives do): openapi-python-client 0.29.1 writes a union of bodies with `Unset` left
                # unimported, so the module fails on import with a NameError.
                first = next(iter(body["content"]))
                body["content"] = {first: body["content"][first]}
            for status, response in operation.get("responses", {}).items():
                content = response.get("content") or {}
                if not status.startswith("2"):
                    continue
                for content_type, media in content.items():
                    if not is_json(content_type):
                        raw_types.add(content_type)
                        media["schema"] = dict(BINARY)
    for schema in out.get("components", {}).get("schemas", {}).values():
        for prop in (schema.get("properties") or {}).values():
            _binary_upload(prop)
    return out, raw_types


def _binary_upload(prop: dict[str, Any]) -> None:
    """An optional upload is written by FastAPI as ``anyOf[string (contentMediaType), null]`` with ``format:
    binary`` beside the anyOf, which the generator reads as a plain string field; put the format on the branch
    so the SDK takes a ``File`` there."""
    if prop.get("format") != "binary" or "anyOf" not in prop:
        return
    for branch in prop["anyOf"]:
        if branch.get("type") == "string":
            branch.pop("contentMediaType", None)
            branch["format"] = "binary"


def generator_config(raw_types: set[str]) -> dict[str, Any]:
    return {
        "project_name_override": "talkface-client",
        "package_name_override": PACKAGE,
        "post_hooks": [],
        "content_type_overrides": {t: "application/octet-stream" for t in sorted(raw_types)},
    }


def check_generator() -> None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("openapi-python-client")
    except PackageNotFoundError:
        sys.exit("openapi-python-client is missing: install the dev extra (requirements/dev.txt)")
    if found != GENERATOR_VERSION:
        sys.exit(f"openapi-python-client {found} found; the SDK is generated with {GENERATOR_VERSION}")


def generate(target: Path) -> None:
    """Write the generated package to ``target`` (a directory that must not exist yet)."""
    check_generator()
    spec, raw_types = sdk_spec(json.loads(SPEC.read_text()))
    with tempfile.TemporaryDirectory() as tmp:
        spec_path = Path(tmp, "openapi.json")
        spec_path.write_text(json.dumps(spec))
        config_path = Path(tmp, "config.json")
        config_path.write_text(json.dumps(generator_config(raw_types)))
        cmd = [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(spec_path),
            "--config",
            str(config_path),
            "--meta",
            "none",
            "--fail-on-warning",
            "--output-path",
            str(target),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            sys.exit(f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp, PACKAGE)
        generate(fresh)
        shutil.rmtree(SDK_DIR / PACKAGE, ignore_errors=True)
        shutil.copytree(fresh, SDK_DIR / PACKAGE)
    print(f"wrote {SDK_DIR / PACKAGE}")


if __name__ == "__main__":
    main()
