"""Browser fixtures: Debian's Chromium driven by Playwright (see ``chromium.py``) against the real stack from
``tests/conftest.py``, whose gateway serves the built SPA (``frontend/dist``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import sync_playwright

from scripts.devstack import Stack
from tests.browser.chromium import CHROMIUM_ARGS, DIST, chromium_executable, fake_microphone_args, new_page


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the SPA in headless Chromium against the real stack")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    args = [*CHROMIUM_ARGS, *fake_microphone_args()]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), headless=True, args=args)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def spa(stack: Stack) -> str:
    """The gateway's URL, once it is known to serve the built SPA."""
    if not (DIST / "index.html").exists():
        pytest.fail("frontend/dist is missing: run `cd frontend && npm ci && npm run build` (make setup does)")
    response = httpx.get(stack.gateway_url + "/", timeout=10)
    if response.status_code != 200 or '<div id="root">' not in response.text:
        pytest.fail("the gateway does not serve frontend/dist at / (was it built after the stack started?)")
    return stack.gateway_url


@pytest.fixture
def page(browser: Any, spa: str, stack: Stack) -> Iterator[Any]:
    """A page of the SPA with the dev API key stored, in Chinese (the default language)."""
    page = new_page(browser, spa, api_key=stack.api_key)
    yield page
    errors = page.console_errors
    page.context.close()
    assert not errors, f"uncaught errors in the page: {errors}"
