"""Assemble the public OpenAPI spec (``sdk/openapi.json``) from the services' own routes and the gateway's.

A build script, so it may import the services (the gateway may not): each service's app spec gives its public
operations, each marked with ``x-talkface-service`` (the gateway's proxy table) and given the errors the
gateway itself may answer; the components are merged (one definition per name) and the gateway's own
routes and security schemes complete it. ``make openapi`` runs it; a unit test fails when the committed file
differs from what this writes.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from gateway.main import create_app, gateway_openapi
from gateway.proxy import GATEWAY_ERRORS, SERVICE_MARKER, upstream_errors
from gateway.settings import GatewaySettings
from scripts import gen_sdk
from shared.errors import PROBLEM_MEDIA_TYPE, problem_responses
from shared.openapi import publish_contracts

SERVICES = ("voice", "video", "chat", "trainer")
INTERNAL_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/gpus"})
PUBLIC_SPEC = Path(__file__).resolve().parents[1] / "sdk" / "openapi.json"


def service_spec(name: str) -> dict[str, Any]:
    module = importlib.import_module(f"services.{name}.main")
    spec: dict[str, Any] = module.create_app().openapi()
    return spec


def _merge_problem(into: dict[str, Any], extra: dict[str, Any]) -> None:
    """Add ``extra``'s problem examples to a response entry of the same status."""
    content = into.setdefault("content", {})
    if PROBLEM_MEDIA_TYPE not in content:
        content[PROBLEM_MEDIA_TYPE] = extra["content"][PROBLEM_MEDIA_TYPE]
    else:
        examples = content[PROBLEM_MEDIA_TYPE].setdefault("examples", {})
        for code, example in extra["content"][PROBLEM_MEDIA_TYPE]["examples"].items():
            examples.setdefault(code, example)
    codes = content[PROBLEM_MEDIA_TYPE].get("examples", {})
    into["description"] = ", ".join(f"`{code}`" for code in codes)


def _merge_components(into: dict[str, Any], schemas: dict[str, Any], source: str) -> None:
    for name, schema in schemas.items():
        if name in into and into[name] != schema:
            raise ValueError(f"{source} defines the schema {name} differently from another service")
        into[name] = schema


def assemble() -> dict[str, Any]:
    """The public spec: the gateway's own routes plus every service's public operations."""
    spec = gateway_openapi(create_app(GatewaySettings(), public_spec={"paths": {}}))
    schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    for name in SERVICES:
        service = service_spec(name)
        gateway_errors = problem_responses(*GATEWAY_ERRORS, *upstream_errors(name))
        for path, item in service["paths"].items():
            if path in INTERNAL_PATHS:
                continue
            if path in spec["paths"]:
                raise ValueError(f"{path} is served by {name} and by another service or the gateway")
            for operation in item.values():
                operation[SERVICE_MARKER] = name
                responses = operation.setdefault("responses", {})
                for status, entry in gateway_errors.items():
                    if str(status) in responses:
                        _merge_problem(responses[str(status)], entry)
                    else:
                        responses[str(status)] = entry
                operation["responses"] = dict(sorted(responses.items()))
            spec["paths"][path] = item
        _merge_components(schemas, service.get("components", {}).get("schemas", {}), name)
    spec["paths"] = dict(sorted(spec["paths"].items()))
    return publish_contracts(spec)


def render(spec: dict[str, Any]) -> str:
    """The committed form: indented, keys in a stable order, one trailing newline."""
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else PUBLIC_SPEC
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(assemble()))
    print(out)
    if out == PUBLIC_SPEC:
        # The Python SDK is generated from this file; regenerating it here keeps the two in step (a unit test
        # fails when they differ). Commit sdk/python/talkface_client with the spec.
        gen_sdk.main()


if __name__ == "__main__":
    main()
