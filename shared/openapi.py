"""OpenAPI spec helpers shared by every app and by the assembler of the public spec.

FastAPI publishes the models a route names as its body or response model; the problem schema and the models
that SSE events and problem examples reference by ``$ref`` (declared in the route's ``responses``) are not
named that way, so :func:`publish_contracts` adds them from the shared contracts.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, Response
from pydantic import BaseModel

from shared.errors import ErrorCode, problem_responses

SCHEMA_REF = "#/components/schemas/"
CONTRACT_MODULES = (
    "shared.contracts.common",
    "shared.contracts.voice",
    "shared.contracts.video",
    "shared.contracts.chat",
    "shared.contracts.trainer",
    "shared.contracts.live",
)
JOB_RESULT = "x-job-result"


class EventStream(Response):
    """``response_class`` of routes that answer ``text/event-stream``, so the spec declares that content type
    (and not JSON). The routes return their own streaming response; FastAPI's ``fastapi.sse`` class is not used
    because it makes FastAPI run the endpoint as a generator, which these (raise-then-stream) routes are not."""

    media_type = "text/event-stream"


def job_result(model: str) -> dict[str, Any]:
    """``openapi_extra`` of a route that starts a job: the model of the finished job's ``result``, published
    as a component so clients can type ``Job.result`` of that kind of job."""
    return {JOB_RESULT: {"$ref": SCHEMA_REF + model}}


def contract_models() -> dict[str, type[BaseModel]]:
    """Every pydantic model of the shared contracts, by class name (names are unique across modules)."""
    models: dict[str, type[BaseModel]] = {}
    for name in CONTRACT_MODULES:
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == name:
                if value.__name__ in models:
                    raise ValueError(f"two shared contracts are named {value.__name__}; component names must be unique")
                models[value.__name__] = value
    return models


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_REF):
            yield ref.removeprefix(SCHEMA_REF)
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def publish_contracts(spec: dict[str, Any]) -> dict[str, Any]:
    """Add to ``components.schemas`` each shared contract model the spec references but does not define."""
    schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    models = contract_models()
    while missing := sorted({name for name in _refs(spec) if name not in schemas}):
        for name in missing:
            if name not in models:
                raise KeyError(f"the spec references {SCHEMA_REF}{name}, which no shared contract defines")
            schema = models[name].model_json_schema(ref_template=SCHEMA_REF + "{model}", mode="serialization")
            for sub_name, sub in schema.pop("$defs", {}).items():
                schemas.setdefault(sub_name, sub)
            schemas[name] = schema
    spec["components"]["schemas"] = dict(sorted(schemas.items()))
    return spec


def declare_unparseable_bodies(spec: dict[str, Any]) -> dict[str, Any]:
    """Every operation that takes a body may answer 400 ``bad_request`` (a body that cannot be parsed at all,
    such as broken multipart), before any route code runs; declared here once for all of them."""
    entry = problem_responses(ErrorCode.bad_request)[400]
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                operation.setdefault("responses", {}).setdefault("400", entry)
                operation["responses"] = dict(sorted(operation["responses"].items()))
    return spec


def install_openapi(app: FastAPI) -> None:
    """Have ``app.openapi()`` publish the referenced contract models and the 400 of body parsing too."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = publish_contracts(declare_unparseable_bodies(build()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
