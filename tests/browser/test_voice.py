"""Voice page: the pitch-shift tool end to end (upload, live job progress, result plays), bad upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.helpers import voiced_signal, write_wav


@pytest.fixture
def speech_wav(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "voice.wav", voiced_signal(f0=140.0, seconds=2.0))


def wait_until_playing(page: Any, selector: str) -> dict[str, float]:
    """Start the media element and wait until its clock moves; returns its duration and position."""
    handle = page.locator(selector).first
    handle.evaluate("el => { el.muted = true; return el.play(); }")
    page.wait_for_function(
        "sel => { const el = document.querySelector(sel); return el && el.currentTime > 0.2; }",
        arg=selector,
    )
    state: dict[str, float] = handle.evaluate("el => ({duration: el.duration, time: el.currentTime})")
    return state


def test_pitch_shift_job_plays_result(page: Any, speech_wav: Path) -> None:
    page.goto("/#/voice")
    panel = page.get_by_test_id("pitch-shift")
    panel.get_by_label("音频文件").set_input_files(str(speech_wav))
    expect(panel.locator("canvas.waveform")).to_be_visible()
    panel.get_by_label("半音数").fill("4")
    panel.get_by_role("button", name="开始变调").click()

    progress = panel.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-status", "succeeded", timeout=60_000)
    expect(progress.locator("progress")).to_have_attribute("value", "1")
    artifact = progress.get_by_test_id("artifact")
    expect(artifact).to_contain_text("audio/")
    expect(artifact.get_by_role("link", name="下载")).to_have_attribute("href", lambda_matches_http())
    state = wait_until_playing(page, "[data-testid=pitch-shift] audio")
    assert abs(state["duration"] - 2.0) < 0.2, state
    screenshot(page, "voice")


def lambda_matches_http() -> Any:
    import re

    return re.compile(r"^https?://")


def test_bad_upload_shows_the_api_problem(page: Any, tmp_path: Path) -> None:
    fake = tmp_path / "not-audio.wav"
    fake.write_text("this is not audio at all " * 40)
    page.goto("/#/voice")
    panel = page.get_by_test_id("pitch-shift")
    panel.get_by_label("音频文件").set_input_files(str(fake))
    panel.get_by_role("button", name="开始变调").click()
    error = panel.get_by_test_id("error")
    expect(error).to_be_visible(timeout=30_000)
    expect(error).to_contain_text("HTTP 422")
    expect(error).to_contain_text("undecodable_audio")
    expect(error.locator(".error-detail")).not_to_be_empty()
    screenshot(page, "voice-bad-upload")
