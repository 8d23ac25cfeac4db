"""The gateway's one OpenAPI spec covers every service route, with the same paths and operation ids.

Tests may import service code (the gateway may not): this is where drift between the two is caught.
"""

from __future__ import annotations

import importlib

import pytest

from gateway.main import create_app
from gateway.operations import OPERATIONS

SERVICES = ["voice", "video", "chat", "trainer"]
INTERNAL_PATHS = {"/healthz", "/readyz", "/metrics", "/gpus"}


def service_routes(name: str) -> dict[tuple[str, str], str]:
    module = importlib.import_module(f"services.{name}.main")
    spec = module.create_app().openapi()
    return {
        (method.upper(), path): op.get("operationId", "")
        for path, item in spec["paths"].items()
        if path not in INTERNAL_PATHS
        for method, op in item.items()
    }


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_route_is_declared_in_the_gateway(service: str) -> None:
    declared = {(op.method, op.path): op.operation_id for op in OPERATIONS if op.upstream == service}
    assert service_routes(service) == declared


def test_operation_ids_are_unique_and_tag_prefixed() -> None:
    spec = create_app().openapi()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    for path in spec["paths"].values():
        for op in path.values():
            assert op["operationId"].split("-")[0] in {t.split("-")[0] for t in op["tags"]} | {"health"}


def test_spec_is_typed_from_shared_contracts() -> None:
    spec = create_app().openapi()
    schemas = spec["components"]["schemas"]
    for name in ("Problem", "Job", "JobAccepted", "SystemStatus", "PitchShiftForm"):
        assert name in schemas, name
    body = spec["paths"]["/api/v1/audio/pitch-shift"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert body["schema"]["$ref"] == "#/components/schemas/PitchShiftForm"
    assert {"bearer", "apiKey"} <= set(spec["components"]["securitySchemes"])
