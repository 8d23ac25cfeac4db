"""The error tree renders RFC 9457 problem+json from one handler."""

from __future__ import annotations

from collections.abc import Iterator

import redis
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from shared.errors import InvalidInput, NotImplementedYet, install_error_handlers, to_problem_error
from shared.http import install_http_basics


def make_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    install_http_basics(app, "test", max_body_bytes=100)

    @app.get("/invalid")
    async def invalid() -> None:
        raise InvalidInput("no face found", code="no_face")

    @app.get("/todo")
    async def todo() -> None:
        raise NotImplementedYet("ER-NeRF rendering needs a trained identity.", code="ernerf_not_available")

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    @app.get("/redis")
    async def redis_down() -> None:
        raise redis.exceptions.ConnectionError("refused")

    @app.post("/echo")
    async def echo(value: int) -> dict[str, int]:
        return {"value": value}

    @app.post("/upload")
    async def upload(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    return app


client = TestClient(make_app(), raise_server_exceptions=False)


def test_problem_fields_and_media_type() -> None:
    response = client.get("/invalid", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "no_face"
    assert body["title"] == "Invalid input"
    assert body["detail"] == "no face found"
    assert body["status"] == 422
    assert body["type"].endswith("/no_face")
    assert body["instance"] == "req-123"
    assert response.headers["x-request-id"] == "req-123"


def test_not_implemented_is_501_with_reason() -> None:
    body = client.get("/todo").json()
    assert body["status"] == 501 and "trained identity" in body["detail"]


def test_unknown_error_hides_details_but_gives_request_id() -> None:
    response = client.get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert "secret" not in response.text
    assert body["code"] == "internal_error" and body["instance"]


def test_infrastructure_errors_map_to_503() -> None:
    body = client.get("/redis").json()
    assert body["status"] == 503 and body["code"] == "redis_unavailable" and body["retryable"] is True
    assert to_problem_error(ConnectionRefusedError()).code == "storage_unavailable"


def test_validation_and_unknown_route_are_problems() -> None:
    response = client.post("/echo?value=abc")
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    missing = client.get("/nowhere")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["code"] == "not_found"


def test_body_limit_by_content_length() -> None:
    response = client.post("/echo?value=1", content=b"x" * 500)
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"


def test_body_limit_while_streaming_without_content_length() -> None:
    def chunks() -> Iterator[bytes]:
        yield from (b"x" * 40 for _ in range(5))

    response = client.post("/upload", content=chunks())
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "payload_too_large"
    assert client.post("/upload", content=b"x" * 100).json() == {"size": 100}
