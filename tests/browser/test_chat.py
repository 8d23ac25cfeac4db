"""Chat page: start a conversation, send a message and watch the reply stream in (text, then speech or video
segments playing back to back), interrupt a reply, find the conversation in the list."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.browser.chromium import screenshot
from tests.browser.media import portrait_png


def start_conversation(page: Any, *, avatar: str | None = None, speak: bool = True) -> None:
    page.goto("/#/chat")
    expect(page.get_by_test_id("page-chat")).to_be_visible()  # rendered (after the API key check), then look
    form = page.get_by_test_id("new-conversation")
    if not form.is_visible():
        page.get_by_text("新对话").click()
    if avatar:
        form.get_by_label("数字人形象").select_option(label=avatar)
    form.get_by_label("语言").select_option("en")
    checkbox = form.get_by_label("朗读回复")
    if checkbox.is_checked() != speak:
        checkbox.click()
    form.get_by_role("button", name="开始对话").click()
    expect(page.get_by_test_id("chat-view")).to_be_visible()
    expect(page.get_by_test_id("composer").get_by_role("textbox")).to_be_enabled()


def send(page: Any, text: str) -> None:
    box = page.get_by_test_id("composer").get_by_role("textbox")
    box.fill(text)
    box.press("Enter")


def test_text_reply_streams_into_the_transcript(page: Any) -> None:
    start_conversation(page, speak=False)
    send(page, "Hello! What is your name?")
    live = page.get_by_test_id("transcript")
    expect(live.locator(".bubble.user").first).to_have_text("Hello! What is your name?")
    turn = live.get_by_test_id("turn").first
    expect(turn).to_have_attribute("data-status", "answered", timeout=60_000)
    reply = turn.locator(".bubble.assistant")
    expect(reply).not_to_be_empty()
    expect(page.get_by_test_id("conversation-list")).to_contain_text("Hello! What is your name?")
    screenshot(page, "chat-text")


def test_interrupt_stops_the_reply(page: Any) -> None:
    start_conversation(page, speak=False)
    send(page, "Tell me a very long story about a dragon who learns to cook, with many chapters.")
    expect(page.locator("[data-testid=reply]:not(:has(em))")).not_to_be_empty(timeout=60_000)
    page.get_by_test_id("interrupt").click()
    turn = page.get_by_test_id("turn").first
    expect(turn).to_have_attribute("data-status", "interrupted", timeout=30_000)
    expect(page.get_by_test_id("interrupt")).to_be_disabled()


def test_reply_plays_as_video_segments(page: Any, api: httpx.Client, tmp_path: Path) -> None:
    """A reply of several sentences plays as several video segments, one after the other. How long the picture
    stands still between two segments is measured in bench/web_latency.py, not asserted here."""
    with portrait_png(tmp_path).open("rb") as photo:
        api.post("/api/v1/avatars", files={"file": ("p.png", photo, "image/png")}, data={"name": "ChatFace"})
    start_conversation(page, avatar="ChatFace", speak=True)
    send(page, "Say hello, then tell me your name. Answer in two short sentences.")
    player = page.get_by_test_id("segment-player")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=segment-player] video')]"
        ".some(v => v.currentTime > 0.2 && v.videoWidth > 0)",
        timeout=90_000,
    )
    expect(page.get_by_test_id("transcript").locator(".bubble.assistant").first).not_to_be_empty()
    screenshot(page, "chat")
    expect(page.get_by_test_id("turn").first).to_have_attribute("data-status", "answered", timeout=90_000)
    expect(player).to_have_attribute("data-playing", "false", timeout=60_000)
    played = int(player.get_attribute("data-played") or 0)
    assert played >= 2, f"{played} segment(s) played: the reply was meant to play as two or more"


def test_push_to_talk_sends_speech(page: Any) -> None:
    """Hold the talk key: the (fake) microphone records a real English recording, the service transcribes it."""
    start_conversation(page, speak=False)
    talk = page.get_by_test_id("push-to-talk")
    talk.focus()
    page.keyboard.down("Space")
    expect(talk).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(4200)
    page.keyboard.up("Space")
    turn = page.get_by_test_id("turn").first
    expect(turn).to_have_attribute("data-status", "answered", timeout=90_000)
    expect(turn.locator(".bubble.user")).to_contain_text(re.compile("[A-Za-z]{2,}"))  # what Whisper heard
    screenshot(page, "chat-push-to-talk")
