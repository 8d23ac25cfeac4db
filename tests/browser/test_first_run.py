"""First run in the browser: the local stack's web app just works with no key typed; a gateway with production
key settings asks once, in a friendly dialog that says where the key is, refuses a wrong key and lets the right
one in."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from scripts.devstack import Stack, free_port
from tests.browser.chromium import PREFERENCES_KEY, new_page, screenshot

PROD_GATEWAY = "gateway-prod-keys"


@pytest.fixture(scope="module")
def prod_gateway(stack: Stack, spa: str) -> Iterator[tuple[str, str]]:
    """A second gateway in front of the same services, with a real key and the local-key hand-out off — the key
    settings TALKFACE_ENV=prod forces (tests/unit/test_local_key.py). TALKFACE_ENV itself stays `test`: prod also
    refuses the local S3 server's placeholder credentials, which this stack's services share."""
    key = secrets.token_urlsafe(24)
    stack.ports[PROD_GATEWAY] = free_port()
    env = {
        **stack.env(),
        "GATEWAY_PORT": str(stack.ports[PROD_GATEWAY]),
        "API_KEYS": key,
        "GATEWAY_LOCAL_KEY_BOOTSTRAP": "false",
    }
    stack.start_app(PROD_GATEWAY, "gateway.main", env=env)
    try:
        stack.wait_ready(PROD_GATEWAY, timeout=60)
        yield stack.service_url(PROD_GATEWAY), key
    finally:
        stack.stop_proc(PROD_GATEWAY)
        stack.ports.pop(PROD_GATEWAY, None)


def stored_key(page: Any) -> str:
    return str(json.loads(page.evaluate(f"localStorage.getItem({json.dumps(PREFERENCES_KEY)})"))["apiKey"])


def expect_dashboard_with_real_data(page: Any, api: httpx.Client) -> None:
    system = api.get("/api/v1/system").raise_for_status().json()
    services = page.get_by_test_id("services")
    for service in system["services"]:
        expect(services.get_by_test_id(f"service-{service['name']}")).to_be_visible()
    expect(page.get_by_test_id("first-run")).to_have_count(0)
    expect(page.get_by_test_id("error")).to_have_count(0)


def test_the_printed_url_just_works_on_a_local_stack(browser: Any, spa: str, stack: Stack, api: httpx.Client) -> None:
    page = new_page(browser, spa, api_key=None)  # a fresh browser: nothing stored
    try:
        page.goto(f"{stack.gateway_url}/")  # what `make run` prints
        expect_dashboard_with_real_data(page, api)
        assert stored_key(page) == stack.api_key
        screenshot(page, "first-run-local")
        assert not page.console_errors, page.console_errors
    finally:
        page.context.close()


def test_a_stale_key_is_replaced_on_a_local_stack(browser: Any, spa: str, stack: Stack, api: httpx.Client) -> None:
    page = new_page(browser, spa, api_key="key-of-an-older-stack")
    try:
        page.goto("/#/")
        expect_dashboard_with_real_data(page, api)
        assert stored_key(page) == stack.api_key
    finally:
        page.context.close()


def test_production_keys_ask_once_in_a_friendly_dialog(
    browser: Any, prod_gateway: tuple[str, str], api: httpx.Client
) -> None:
    url, key = prod_gateway
    page = new_page(browser, url, api_key=None)
    try:
        page.goto("/")
        dialog = page.get_by_test_id("first-run")
        expect(dialog).to_be_visible()
        expect(dialog.get_by_role("heading", level=1)).to_have_text("欢迎使用 TalkFace")
        for where in ("make run", "Dev API key:", "API_KEYS"):
            expect(dialog).to_contain_text(where)
        expect(page.get_by_test_id("error")).to_have_count(0)  # no red problem box
        screenshot(page, "first-run-dialog")

        page.get_by_label("API 密钥").fill("not-the-key")
        page.get_by_role("button", name="连接").click()
        expect(page.get_by_test_id("first-run-problem")).to_contain_text("服务器不接受这个密钥")
        expect(dialog).to_be_visible()
        screenshot(page, "first-run-wrong-key")

        page.get_by_label("API 密钥").fill(key)
        page.get_by_role("button", name="连接").click()
        expect(page.get_by_test_id("first-run")).to_have_count(0)
        expect_dashboard_with_real_data(page, api)
        assert stored_key(page) == key

        page.reload()  # asked once: the stored key lets the app straight in
        expect_dashboard_with_real_data(page, api)
        assert not page.console_errors, page.console_errors
    finally:
        page.context.close()


def test_the_dialog_in_english_says_a_stored_key_was_refused(browser: Any, prod_gateway: tuple[str, str]) -> None:
    url, _ = prod_gateway
    page = new_page(browser, url, api_key="revoked-key", language="en")
    try:
        page.goto("/")
        dialog = page.get_by_test_id("first-run")
        expect(dialog.get_by_role("heading", level=1)).to_have_text("Welcome to TalkFace")
        expect(dialog).to_contain_text("no longer accepted")
        page.get_by_role("button", name="Connect").click()  # nothing typed yet
        expect(page.get_by_test_id("first-run-problem")).to_have_text("Paste the API key first.")
        screenshot(page, "first-run-dialog-en")
        assert not page.console_errors, page.console_errors
    finally:
        page.context.close()
