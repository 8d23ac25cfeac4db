"""Dashboard: real readiness, GPUs (or CPU only), queues, workers and recent jobs; settings and the API key."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import expect

from tests.browser.chromium import new_page, screenshot


def test_dashboard_shows_real_system_status(page: Any, api: httpx.Client) -> None:
    system = api.get("/api/v1/system").raise_for_status().json()
    page.goto("/#/")
    services = page.get_by_test_id("services")
    for service in system["services"]:
        row = services.get_by_test_id(f"service-{service['name']}")
        expect(row).to_be_visible()
        expect(row.locator(".badge")).to_have_attribute("data-status", "ready" if service["ready"] else "notReady")
        assert {"redis", "s3"} <= set(service["checks"]), service
        for name, check in service["checks"].items():  # each dependency with its state, not just "Ready"
            dependency = row.get_by_test_id(f"dependency-{service['name']}-{name}")
            expect(dependency).to_have_attribute("data-state", check["state"])
            expect(dependency).to_contain_text(name)
    chat = services.get_by_test_id("service-chat")
    expect(chat.get_by_test_id("dependency-chat-llm")).to_contain_text("正常")
    expect(chat.get_by_test_id("dependency-chat-llm")).to_contain_text("smollm2")
    expect(services.get_by_test_id("dependency-video-renderer:ernerf")).to_contain_text("可选")
    if system["gpus"]:
        expect(page.get_by_test_id("gpus")).to_contain_text(system["gpus"][0]["name"])
    else:
        expect(page.get_by_test_id("cpu-only")).to_be_visible()
    expect(page.get_by_test_id("workers")).to_contain_text(f"({len(system['workers'])})")
    for queue in system["queues"]:
        expect(page.get_by_test_id("queues")).to_contain_text(queue)
    screenshot(page, "home")


def test_wrong_key_shows_problem_and_settings_fixes_it(browser: Any, spa: str, stack: Any) -> None:
    """A key saved in Settings is checked there; a page refused with it says so and links back to Settings.
    (A browser with no key at all is tests/browser/test_first_run.py.)"""
    page = new_page(browser, spa, api_key=stack.api_key)
    try:
        page.goto("/#/settings")
        page.get_by_label("API 密钥").fill("wrong-key")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_test_id("error")).to_contain_text("401")

        page.get_by_test_id("nav-home").click()
        error = page.get_by_test_id("error").first
        expect(error).to_contain_text("HTTP 401")
        expect(error).to_contain_text("API 密钥缺失或无效")
        error.get_by_role("link", name="前往设置").click()
        expect(page.get_by_test_id("page-settings")).to_be_visible()

        page.get_by_label("API 密钥").fill(stack.api_key)
        page.get_by_role("button", name="保存").click()
        info = page.get_by_test_id("server-info")
        expect(info).to_contain_text("连接成功")
        expect(info).to_contain_text("voice")
        expect(info.get_by_test_id("voice-engines")).not_to_be_empty()  # model info: the speech engines
        expect(page.get_by_test_id("error")).to_have_count(0)
        screenshot(page, "settings")

        page.get_by_test_id("nav-home").click()
        expect(page.get_by_test_id("services")).to_be_visible()
        expect(page.get_by_test_id("error")).to_have_count(0)
    finally:
        page.context.close()


def test_recent_job_links_to_its_live_page(page: Any, api: httpx.Client, tmp_path: Any) -> None:
    from tests.browser.media import speech_wav
    from tests.helpers import wait_job

    with speech_wav(tmp_path).open("rb") as audio:
        accepted = api.post(
            "/api/v1/audio/pitch-shift", files={"file": ("a.wav", audio, "audio/wav")}, data={"semitones": "-3"}
        )
    job_id = accepted.raise_for_status().json()["job"]["id"]
    wait_job(api, job_id)
    page.goto("/#/")
    row = page.get_by_test_id("job-row").filter(has_text="voice.pitch_shift").first
    expect(row).to_be_visible()
    row.get_by_role("link", name="查看").click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#/jobs/{job_id}")
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-status", "succeeded")
    expect(progress.get_by_test_id("artifact")).to_contain_text("output.wav")
    expect(page.get_by_test_id("page-job")).to_contain_text('"semitones": -3')
    screenshot(page, "job")
