"""The gateway's auth routes on the real stack: checking a key, and the key handed only to a local browser."""

from __future__ import annotations

import httpx
import pytest

from gateway.auth import key_id
from scripts.devstack import Stack

pytestmark = pytest.mark.integration


def test_key_check_answers_the_key_id_or_401(stack: Stack, api: httpx.Client) -> None:
    checked = api.get("/api/v1/auth/key")
    assert checked.status_code == 200, checked.text
    assert checked.json() == {"key_id": key_id(stack.api_key)}
    for headers, code in (({}, "missing_api_key"), ({"Authorization": "Bearer wrong-key"}, "invalid_api_key")):
        refused = httpx.get(f"{stack.gateway_url}/api/v1/auth/key", headers=headers)
        assert refused.status_code == 401 and refused.json()["code"] == code, refused.text


def test_local_key_goes_to_a_local_browser_only(stack: Stack) -> None:
    local = httpx.get(f"{stack.gateway_url}/api/v1/auth/local-key")  # this test runs on the gateway's machine
    assert local.status_code == 200, local.text
    assert local.json() == {"api_key": stack.api_key}
    assert local.headers["cache-control"] == "no-store"
    same_machine_page = httpx.get(
        f"{stack.gateway_url}/api/v1/auth/local-key", headers={"Origin": "http://localhost:5173"}
    )
    assert same_machine_page.status_code == 200, same_machine_page.text

    for headers in (
        {"Host": "rebound.example"},  # DNS rebinding: a web page whose name resolves to 127.0.0.1
        {"Origin": "https://elsewhere.example"},  # another site's page calling across origins
        {"X-Forwarded-For": "203.0.113.9"},  # a reverse proxy on this machine forwarding a remote client
    ):
        refused = httpx.get(f"{stack.gateway_url}/api/v1/auth/local-key", headers=headers)
        assert refused.status_code == 403, (headers, refused.text)
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "local_key_refused"
        assert stack.api_key not in refused.text
