"""Video page: create an avatar from a photo (face check shown), render a video from audio with live progress,
play it inline with sound, find it in the gallery; a photo without a face shows the API's problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.browser.chromium import screenshot
from tests.browser.media import portrait_png, speech_wav


def test_avatar_render_and_gallery(page: Any, tmp_path: Path) -> None:
    page.goto("/#/video")
    create = page.get_by_test_id("avatar-create")
    create.get_by_label("人像照片").set_input_files(str(portrait_png(tmp_path)))
    create.get_by_label("名称").fill("宇航员")
    create.get_by_role("button", name="检测人脸并创建").click()
    expect(create.get_by_test_id("face-check")).to_be_visible(timeout=60_000)
    expect(create.get_by_test_id("face-box")).to_be_visible()
    mesh = create.get_by_test_id("face-mesh")
    expect(mesh).to_be_visible()
    assert mesh.evaluate("img => img.complete && img.naturalWidth") > 0  # the mesh overlay image loaded
    picker = page.get_by_test_id("avatar-picker")
    expect(picker.get_by_role("radio", name="宇航员", exact=True)).to_be_checked()
    screenshot(page, "video-avatar")

    render = page.get_by_test_id("render")
    render.get_by_label("上传音频").check()
    render.get_by_label("音频文件").set_input_files(str(speech_wav(tmp_path, seconds=2.0)))
    render.get_by_text("选项").click()
    render.get_by_label("尺寸").select_option("256")
    render.get_by_role("button", name="开始生成").click()
    progress = render.get_by_test_id("job-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("data-status", "succeeded", timeout=120_000)

    video = render.get_by_test_id("render-video")
    expect(video).to_be_visible()
    video.evaluate("el => { el.muted = true; return el.play(); }")
    page.wait_for_function(
        "() => { const v = document.querySelector('[data-testid=render-video]'); return v && v.currentTime > 0.3; }"
    )
    state = video.evaluate(
        "el => ({duration: el.duration, audioBytes: el.webkitAudioDecodedByteCount, width: el.videoWidth})"
    )
    assert state["duration"] > 1.5, state
    assert state["width"] == 256, state
    assert state["audioBytes"] > 0, f"the video has no sound: {state}"
    screenshot(page, "video")

    gallery = page.get_by_test_id("gallery")
    expect(gallery.get_by_test_id("gallery-item").first).to_contain_text("宇航员")


def test_photo_without_face_shows_problem(page: Any, tmp_path: Path) -> None:
    import numpy as np
    import skimage.io

    blank = tmp_path / "wall.png"
    skimage.io.imsave(blank, np.full((400, 400, 3), 180, np.uint8), check_contrast=False)
    page.goto("/#/video")
    create = page.get_by_test_id("avatar-create")
    create.get_by_label("人像照片").set_input_files(str(blank))
    create.get_by_role("button", name="检测人脸并创建").click()
    error = create.get_by_test_id("error")
    expect(error).to_be_visible(timeout=30_000)
    expect(error).to_contain_text("HTTP 422")
    expect(error.locator(".error-detail")).not_to_be_empty()


def test_cancel_a_render(page: Any, api: httpx.Client, tmp_path: Path) -> None:
    with portrait_png(tmp_path).open("rb") as photo:
        api.post("/api/v1/avatars", files={"file": ("p.png", photo, "image/png")}, data={"name": "CancelMe"})
    page.goto("/#/video")
    page.get_by_test_id("avatar-picker").get_by_role("radio", name="CancelMe").check()
    render = page.get_by_test_id("render")
    render.get_by_label("上传音频").check()
    render.get_by_label("音频文件").set_input_files(str(speech_wav(tmp_path, seconds=25.0, name="long.wav")))
    render.get_by_role("button", name="开始生成").click()
    progress = render.get_by_test_id("job-progress")
    progress.get_by_role("button", name="取消").click()
    expect(progress).to_have_attribute("data-status", "cancelled", timeout=60_000)
    expect(render.get_by_test_id("render-video")).to_have_count(0)
