"""Browser fixtures: Debian's Chromium driven by Playwright (never ``playwright install``) against the real
stack from ``tests/conftest.py``, whose gateway serves the built SPA (``frontend/dist``)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.devstack import ROOT, Stack

CHROMIUM = "/usr/bin/chromium"
# The flags of shared/docs/offline-stack.md §5, plus a fake microphone (the recorder flows) and autoplay so
# tests can check that media really plays.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
SPEECH_FOR_MICROPHONE = "moonshine_voice/assets/clone-test.wav"  # 4 s of read English, 16 kHz
DIST = ROOT / "frontend" / "dist"
SCREENSHOTS = ROOT / "var" / "screenshots"
PREFERENCES_KEY = "talkface.preferences"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the SPA in headless Chromium against the real stack")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        pytest.skip("Debian's chromium is not installed (make setup installs it)")
    args = [*CHROMIUM_ARGS, *fake_microphone_args()]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        yield browser
        browser.close()


def fake_microphone_args() -> list[str]:
    """Feed a real speech recording to the fake microphone (push-to-talk, recorded references); without it
    Chromium's fake microphone plays a beep."""
    try:
        import moonshine_voice
    except ImportError:
        return []
    speech = Path(moonshine_voice.__file__).parent.parent / SPEECH_FOR_MICROPHONE
    return [f"--use-file-for-fake-audio-capture={speech}"] if speech.exists() else []


@pytest.fixture(scope="session")
def spa(stack: Stack) -> str:
    """The gateway's URL, once it is known to serve the built SPA."""
    if not (DIST / "index.html").exists():
        pytest.fail("frontend/dist is missing: run `cd frontend && npm ci && npm run build` (make setup does)")
    import httpx

    response = httpx.get(stack.gateway_url + "/", timeout=10)
    if response.status_code != 200 or '<div id="root">' not in response.text:
        pytest.fail("the gateway does not serve frontend/dist at / (was it built after the stack started?)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return stack.gateway_url


def new_page(
    browser: Any,
    base_url: str,
    *,
    api_key: str | None,
    language: str = "zh",
    viewport: dict[str, int] | None = None,
    theme: str = "light",
) -> Any:
    """A fresh browser context (own localStorage) whose preferences are seeded once, before the app loads."""
    context = browser.new_context(
        base_url=base_url,
        viewport=viewport or {"width": 1280, "height": 860},
        locale="zh-CN" if language == "zh" else "en-GB",
    )
    preferences = {"apiKey": api_key or "", "language": language, "theme": theme}
    context.add_init_script(
        f"if (!localStorage.getItem({json.dumps(PREFERENCES_KEY)}))"
        f" localStorage.setItem({json.dumps(PREFERENCES_KEY)}, {json.dumps(json.dumps(preferences))});"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors  # uncaught exceptions in the app, checked by the `page` fixture
    return page


@pytest.fixture
def page(browser: Any, spa: str, stack: Stack) -> Iterator[Any]:
    """A page of the SPA with the dev API key stored, in Chinese (the default language)."""
    page = new_page(browser, spa, api_key=stack.api_key)
    yield page
    errors = page.console_errors
    page.context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
