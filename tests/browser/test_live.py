"""Chat page, Live mode: a WebRTC call with the avatar in Chromium with the fake microphone (a real recording):
the live video plays, a question spoken with push-to-talk is transcribed and answered with speech."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import expect

from tests.browser.chromium import screenshot
from tests.fixtures import astronaut, encode
from tests.helpers import create_avatar


def test_live_call_answers_a_spoken_question(page: Any, api: httpx.Client) -> None:
    avatar = create_avatar(api, encode(astronaut(), ".jpg"), name="live-browser", filename="photo.jpg")
    assert avatar.status_code == 201, avatar.text
    page.goto("/#/chat?mode=live")
    live = page.get_by_test_id("live-chat")
    expect(live).to_be_visible()
    live.get_by_label("数字人形象").select_option(label="live-browser")
    live.get_by_label("语言").select_option("en")
    page.get_by_test_id("live-start").click()
    expect(live).to_have_attribute("data-phase", "live", timeout=30_000)

    # The live video plays: frames arrive and time advances, with the reply-speech audio track beside it.
    video = page.get_by_test_id("live-video")
    page.wait_for_function(
        "el => el.videoWidth === 256 && el.currentTime > 1 && el.srcObject.getAudioTracks().length === 1",
        arg=video.element_handle(),
        timeout=30_000,
    )
    expect(page.get_by_test_id("live-state")).to_have_text("正在听")

    # Push to talk: the fake microphone speaks while the button is held.
    talk = page.get_by_test_id("live-talk")
    box = talk.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(3500)
    page.mouse.up()
    transcript = page.get_by_test_id("live-transcript")
    expect(transcript.get_by_test_id("live-user").first).not_to_be_empty(timeout=60_000)
    expect(live).to_have_attribute("data-state", "speaking", timeout=60_000)
    expect(transcript.get_by_test_id("live-assistant").first).not_to_be_empty()
    screenshot(page, "chat-live")
    expect(live).to_have_attribute("data-state", "listening", timeout=60_000)
    page.get_by_test_id("live-stop").click()
    expect(page.get_by_test_id("live-start")).to_be_visible()
