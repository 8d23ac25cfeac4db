"""What a person waits for in the web app, measured in headless Chromium against a real local stack.

Run: ``.venv/bin/python -m bench.web_latency`` (build the SPA first). Prints a table of medians:
dashboard load to data, streamed speech to first sound, chat message to first reply text and to the first
video frame playing, the longest stillness between two video segments of a reply, and the size of the built
bundle. Not a test: timings vary with the machine's load.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from scripts.devstack import Stack
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS, DIST, new_page
from tests.browser.media import portrait_png

RUNS = 3
SPEECH_TEXT = "今天天气很好，我们去散步吧。The park is lovely in the spring."


def bundle_sizes() -> tuple[int, int]:
    files = [p for p in (DIST / "assets").iterdir() if p.suffix in (".js", ".css")]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 9)) for p in files)
    return raw, packed


def dashboard_ms(page: Any) -> float:
    page.goto("about:blank")  # a full load each time, not a same-document hash change
    start = time.perf_counter()
    page.goto("/#/")
    page.get_by_test_id("services").wait_for()
    page.get_by_test_id("recent-jobs").wait_for()
    return (time.perf_counter() - start) * 1000


def speech_first_audio_ms(page: Any, voice_id: str) -> tuple[float, float]:
    page.goto("/#/voice")
    panel = page.get_by_test_id("speech")
    panel.get_by_label("声音").select_option(voice_id)
    panel.get_by_label("要说的话").fill(SPEECH_TEXT)
    panel.get_by_role("button", name="合成并播放").click()
    result = panel.get_by_test_id("speech-result")
    result.wait_for(timeout=120_000)
    return float(result.get_attribute("data-first-audio-ms") or "nan"), float(
        result.get_attribute("data-stream-ms") or "nan"
    )


def start_chat(page: Any, avatar_name: str) -> Any:
    """A new spoken conversation with the avatar; returns the composer's text box, ready to type in."""
    page.goto("/#/chat")
    page.get_by_test_id("page-chat").wait_for()  # rendered (after the API key check), then look
    form = page.get_by_test_id("new-conversation")
    if not form.is_visible():
        page.get_by_text("新对话").click()
    form.get_by_label("数字人形象").select_option(label=avatar_name)
    form.get_by_label("语言").select_option("en")
    form.get_by_role("button", name="开始对话").click()
    box = page.get_by_test_id("composer").get_by_role("textbox")
    box.wait_for()
    page.wait_for_function("() => !document.querySelector('#chat-message').disabled")
    return box


def chat_ms(page: Any, avatar_name: str) -> tuple[float, float]:
    box = start_chat(page, avatar_name)
    box.fill("Say hello in one short sentence.")
    start = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-testid=reply]');"
        " return !!r && !r.querySelector('em') && r.textContent.trim().length > 0; }"
    )
    first_text = (time.perf_counter() - start) * 1000
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=segment-player] video')].some(v => v.currentTime > 0)",
        timeout=120_000,
    )
    first_video = (time.perf_counter() - start) * 1000
    page.get_by_test_id("turn").first.wait_for(timeout=120_000)
    return first_text, first_video


def segment_gap_ms(page: Any, avatar_name: str) -> tuple[float, int]:
    """The longest stillness between two video segments of one reply (the next one already loaded), and how
    many segments played. The browser test checks that they play; this measures how smoothly."""
    box = start_chat(page, avatar_name)
    box.fill("Say hello, then tell me your name. Answer in two short sentences.")
    box.press("Enter")
    page.locator("[data-testid=turn][data-status=answered]").first.wait_for(timeout=180_000)
    player = page.get_by_test_id("segment-player")
    page.locator("[data-testid=segment-player][data-playing=false]").wait_for(timeout=120_000)
    return float(player.get_attribute("data-max-gap-ms") or "nan"), int(player.get_attribute("data-played") or 0)


def main() -> None:
    if not (DIST / "index.html").exists():
        sys.exit("build the SPA first: cd frontend && npm run build")
    from playwright.sync_api import sync_playwright

    raw, packed = bundle_sizes()
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(var_dir=Path(tmp), env_overrides={"TALKFACE_ENV": "test", "GATEWAY_RATE_LIMIT": "100000/minute"})
        stack.start_all()
        try:
            api = httpx.Client(
                base_url=stack.gateway_url, headers={"Authorization": f"Bearer {stack.api_key}"}, timeout=120
            )
            with portrait_png(Path(tmp)).open("rb") as photo:
                api.post(
                    "/api/v1/avatars", files={"file": ("p.png", photo, "image/png")}, data={"name": "Bench"}
                ).raise_for_status()
            voices = api.get("/api/v1/voices").raise_for_status().json()["items"]
            voice_id = next(v["id"] for v in voices if v["kind"] == "builtin")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = new_page(browser, stack.gateway_url, api_key=stack.api_key)
                dashboard_ms(page)  # warm-up: first load fills the HTTP cache, as for a returning user
                dash = [dashboard_ms(page) for _ in range(RUNS)]
                speech = [speech_first_audio_ms(page, voice_id) for _ in range(RUNS)]
                chat = [chat_ms(page, "Bench") for _ in range(RUNS)]
                gaps = [segment_gap_ms(page, "Bench") for _ in range(RUNS)]
                browser.close()
        finally:
            stack.stop_all()

    def median(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} ms"

    print(f"{'measure':<44} median of {RUNS}")
    print(f"{'dashboard: navigation to data shown':<44} {median(dash)}")
    print(f"{'speech (' + voice_id + '): first sound':<44} {median([s[0] for s in speech])}")
    print(f"{'speech: whole stream received':<44} {median([s[1] for s in speech])}")
    print(f"{'chat: Enter to first reply text':<44} {median([c[0] for c in chat])}")
    print(f"{'chat: Enter to first video frame playing':<44} {median([c[1] for c in chat])}")
    played = min(g[1] for g in gaps)
    print(f"{'chat: longest stillness between segments':<44} {median([g[0] for g in gaps])} ({played}+ segments)")
    print(f"{'bundle (js + css)':<44} {raw / 1024:.0f} KiB, {packed / 1024:.0f} KiB gzip")


if __name__ == "__main__":
    main()
