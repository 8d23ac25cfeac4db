"""Debian's Chromium driven by Playwright (never ``playwright install``, which downloads a browser build): the
launch flags, a page with seeded preferences, screenshots. Used by the browser tests and ``bench/web_latency.py``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from scripts.devstack import ROOT

CHROMIUM = "/usr/bin/chromium"
# Headless flags that keep Chromium off the network (no component updates, sync or QUIC), a fake microphone
# (the recorder flows) and autoplay so tests can check that media really plays. See docs/platform-notes.md.
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


def chromium_executable() -> str:
    """The system Chromium. Missing, the browser tests fail (not skip): `make setup` installs it."""
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not executable:
        raise RuntimeError("Debian's chromium is not installed (make setup installs it)")
    return executable


def fake_microphone_args() -> list[str]:
    """Feed a real speech recording (from the moonshine-voice wheel, dev extra) to the fake microphone
    (push-to-talk, recorded references); without it Chromium's fake microphone plays a beep."""
    import moonshine_voice

    speech = Path(moonshine_voice.__file__).parent.parent / SPEECH_FOR_MICROPHONE
    if not speech.exists():
        raise RuntimeError(f"{speech} is missing from the moonshine-voice wheel")
    return [f"--use-file-for-fake-audio-capture={speech}"]


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


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
