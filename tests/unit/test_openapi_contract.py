"""The public spec is assembled from the services' own routes and committed as ``sdk/openapi.json``; the
gateway serves that file and builds its proxy table from it.

Tests may import service code (the gateway may not): the assembled spec is compared with the committed one.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateway.main import create_app, gateway_openapi
from gateway.proxy import SERVICE_MARKER, proxy_table
from gateway.settings import GatewaySettings
from scripts.export_openapi import PUBLIC_SPEC, assemble, render
from shared.contracts.common import ID_PATTERN

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return assemble()


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(m, p, op) for p, item in spec["paths"].items() for m, op in item.items() if m in METHODS]


def test_committed_spec_is_the_assembled_spec(spec: dict[str, Any]) -> None:
    committed = json.loads(PUBLIC_SPEC.read_text())
    assert committed == json.loads(render(spec)), "sdk/openapi.json is stale: run `make openapi` and commit it"


def test_gateway_serves_the_committed_spec_and_proxies_its_service_operations() -> None:
    committed = json.loads(PUBLIC_SPEC.read_text())
    app = create_app()
    assert app.openapi() == committed
    table = {(r.method, r.path): r.upstream for r in proxy_table(committed)}
    assert table[("POST", "/api/v1/speech")] == "voice"
    assert table[("POST", "/api/v1/conversations/{conversation_id}/messages")] == "chat"
    assert ("GET", "/api/v1/jobs/{job_id}") not in table  # the gateway's own route
    client = TestClient(app)  # no lifespan: a routed path answers 401 (no key) before anything is forwarded
    for method, path in table:
        url = path.replace("{", "").replace("}", "")
        assert client.request(method, url).status_code == 401, (method, path)
    assert client.get("/api/v1/nothing-here").status_code == 404


def test_operation_ids_are_unique_and_tag_prefixed(spec: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids))
    for _, _, op in operations(spec):
        assert op["operationId"].split("-")[0] in {t.split("-")[0] for t in op["tags"]} | {"health"}


def test_every_service_operation_names_its_upstream(spec: dict[str, Any]) -> None:
    own = set(gateway_openapi(create_app(GatewaySettings(), public_spec={"paths": {}}))["paths"])
    for method, path, op in operations(spec):
        assert (SERVICE_MARKER in op) == (path not in own), (method, path)


def test_every_path_id_has_the_one_pattern(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        for param in op.get("parameters", []):
            if param["in"] == "path" and param["name"] != "artifact_id":
                assert param["schema"].get("pattern") == ID_PATTERN, (method, path, param["name"])


def test_errors_are_problem_json_and_successes_declare_their_real_content(spec: dict[str, Any]) -> None:
    for method, path, op in operations(spec):
        for status, response in op["responses"].items():
            content = response.get("content", {})
            if status.startswith(("4", "5")) and path != "/readyz":
                assert set(content) == {"application/problem+json"}, (method, path, status)
            for media_type, body in content.items():
                assert body.get("schema"), (method, path, status, media_type)
    streams = {
        ("post", "/api/v1/speech"): {"audio/wav", "audio/mpeg", "audio/ogg", "audio/L16"},
        ("get", "/api/v1/jobs/{job_id}/events"): {"text/event-stream"},
        ("post", "/api/v1/videos/stream"): {"text/event-stream"},
        ("post", "/api/v1/conversations/{conversation_id}/messages"): {"text/event-stream"},
        ("post", "/v1/chat/completions"): {"application/json", "text/event-stream"},
    }
    for (method, path), media_types in streams.items():
        assert set(spec["paths"][path][method]["responses"]["200"]["content"]) == media_types, path


def test_spec_is_typed_from_shared_contracts(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name in ("Problem", "Job", "JobAccepted", "JobEvent", "SystemStatus", "PitchShiftForm", "TranscriptEvent"):
        assert name in schemas, name
    body = spec["paths"]["/api/v1/audio/pitch-shift"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert body["schema"]["$ref"] == "#/components/schemas/PitchShiftForm"
    message = spec["paths"]["/api/v1/conversations/{conversation_id}/messages"]["post"]["requestBody"]["content"]
    assert set(message) == {"multipart/form-data", "application/json"}
    assert {"bearer", "apiKey"} <= set(spec["components"]["securitySchemes"])
    for path, result in (
        ("/api/v1/audio/pitch-shift", "PitchShiftResult"),
        ("/api/v1/speech/jobs", "SpeechResult"),
        ("/api/v1/videos/jobs", "VideoRenderResult"),
    ):
        assert spec["paths"][path]["post"]["x-job-result"]["$ref"] == f"#/components/schemas/{result}"
        assert result in schemas
    dangling = {
        ref.removeprefix("#/components/schemas/")
        for ref in _refs(spec)
        if ref.removeprefix("#/components/schemas/") not in schemas
    }
    assert not dangling


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []
