"""Who may be handed the API key (a browser on the gateway's own machine, never in production) — the checks
behind ``GET /api/v1/auth/local-key``; the route itself is tested against the real stack."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from gateway.auth import why_not_local_browser
from gateway.settings import GatewaySettings

REAL_SECRETS = {"S3_ACCESS_KEY": "AKIAREAL", "S3_SECRET_KEY": "s3cr3t-value", "API_KEYS": "k-9f8e7d6c5b4a"}


def request(client: str = "127.0.0.1", host: str = "127.0.0.1:8100", **headers: str) -> Request:
    raw = [(b"host", host.encode())] + [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "http",
        "path": "/api/v1/auth/local-key",
        "query_string": b"",
        "headers": raw,
        "client": (client, 50123),
        "server": ("127.0.0.1", 8100),
    }
    return Request(scope)


@pytest.mark.parametrize(
    ("client", "host"),
    [
        ("127.0.0.1", "127.0.0.1:8100"),
        ("::1", "[::1]:8100"),
        ("127.0.0.1", "localhost:8100"),
        ("127.0.0.5", "x.localhost"),
    ],
)
def test_a_browser_on_this_machine_is_local(client: str, host: str) -> None:
    assert why_not_local_browser(request(client, host)) is None
    assert why_not_local_browser(request(client, host, origin="http://localhost:5173")) is None


@pytest.mark.parametrize(
    ("req", "reason"),
    [
        (request(client="192.168.1.20"), "not on the gateway's own machine"),
        (request(client="testclient"), "not on the gateway's own machine"),
        (request(x_forwarded_for="203.0.113.9"), "through a proxy"),
        (request(forwarded="for=203.0.113.9"), "through a proxy"),
        (request(host="evil.example:8100"), "Host is not a loopback name"),  # DNS rebinding
        (request(host="192.168.1.5:8100"), "Host is not a loopback name"),
        (request(origin="https://evil.example"), "another site"),
    ],
)
def test_anything_else_is_refused_with_its_reason(req: Request, reason: str) -> None:
    assert reason in (why_not_local_browser(req) or "")


def test_hand_out_is_on_by_default_outside_production(monkeypatch: pytest.MonkeyPatch) -> None:
    for env in ("dev", "test"):
        monkeypatch.setenv("TALKFACE_ENV", env)
        assert GatewaySettings(_env_file=None).local_key_bootstrap
    monkeypatch.setenv("GATEWAY_LOCAL_KEY_BOOTSTRAP", "false")
    assert not GatewaySettings(_env_file=None).local_key_bootstrap


def test_production_never_hands_out_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"TALKFACE_ENV": "prod", **REAL_SECRETS}.items():
        monkeypatch.setenv(name, value)
    assert not GatewaySettings(_env_file=None).local_key_bootstrap
    monkeypatch.setenv("GATEWAY_LOCAL_KEY_BOOTSTRAP", "false")
    assert not GatewaySettings(_env_file=None).local_key_bootstrap
    monkeypatch.setenv("GATEWAY_LOCAL_KEY_BOOTSTRAP", "true")
    with pytest.raises(ValidationError, match="GATEWAY_LOCAL_KEY_BOOTSTRAP=true is refused"):
        GatewaySettings(_env_file=None)
