"""Training page, identity datasets: the page in Chinese and English with no errors; a real talking video (the
astronaut animated by the video service, human speech) uploaded with visible upload progress, its preprocessing
followed live in the list, the detail view with the report and every QA preview loaded; delete removes it. The
test stack accepts datasets from 12 s (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.chromium import screenshot
from tests.helpers import render_talking_video

SECONDS = 13.0  # just over the test stack's minimum
PREVIEWS = {"landmarks.jpg", "masks.jpg", "background.jpg", "pose.png", "reprojection.png"}


@pytest.fixture(scope="module")
def talking_video(api: httpx.Client, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_talking_video(api, tmp_path_factory.mktemp("training") / "talking.mp4", seconds=SECONDS)


def console_errors(page: Any) -> list[str]:
    """Messages the page logs as errors, with the URL they concern (the `page` fixture checks uncaught
    exceptions). The browser's own request for /favicon.ico (the app has none) is not the page's."""
    errors: list[str] = []

    def record(message: Any) -> None:
        url = str(message.location.get("url", ""))
        if message.type == "error" and not url.endswith("/favicon.ico"):
            errors.append(f"{message.text} ({url})")

    page.on("console", record)
    return errors


def test_page_in_chinese_and_english(page: Any) -> None:
    logged = console_errors(page)
    page.goto("/#/training")
    expect(page.get_by_role("heading", level=1)).to_have_text("模型训练")
    limits = page.get_by_test_id("dataset-limits")
    expect(limits).to_contain_text("1–10 分钟")
    expect(limits).to_contain_text("mp4 / mov / mkv / webm / avi")
    expect(page.get_by_test_id("dataset-list")).to_be_visible()
    expect(page.get_by_test_id("error")).to_have_count(0)
    screenshot(page, "training")

    page.get_by_test_id("language-select").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    expect(page.get_by_test_id("dataset-limits")).to_contain_text("1–10 minutes")
    expect(page.get_by_role("heading", name="Upload a talking video")).to_be_visible()
    screenshot(page, "training-en")
    assert not logged, logged


def test_upload_report_previews_and_delete(page: Any, api: httpx.Client, talking_video: Path) -> None:
    logged = console_errors(page)
    page.goto("/#/training")
    upload = page.get_by_test_id("dataset-upload")
    upload.get_by_label("视频文件").set_input_files(str(talking_video))
    upload.get_by_label("名称").fill("宇航员数据集")
    upload.get_by_text("选项").click()
    upload.get_by_label("说话语言").fill("en")
    upload.get_by_label("数据规格").select_option("tiny")
    upload.get_by_role("button", name="上传并处理").click()

    sent = upload.get_by_test_id("upload-progress")
    expect(sent).to_be_visible()
    expect(sent).to_have_attribute("data-state", "done", timeout=60_000)
    expect(sent.locator("progress")).to_have_attribute("value", "1")

    # The upload opens its dataset; the list follows the preprocessing job live.
    detail = page.get_by_test_id("dataset-detail")
    expect(detail).to_be_visible()
    dataset_id = page.evaluate("location.hash").rsplit("/", 1)[-1]
    assert dataset_id.startswith("ds_"), dataset_id
    item = page.locator(f"[data-testid=dataset-item][data-dataset-id={dataset_id}]")
    expect(item).to_contain_text("宇航员数据集")
    expect(item.get_by_test_id("job-progress")).to_be_visible()
    screenshot(page, "training-processing")

    expect(detail).to_have_attribute("data-status", "ready", timeout=300_000)
    expect(item).to_have_attribute("data-status", "ready")
    expect(item.get_by_test_id("job-progress")).to_have_count(0)
    report = detail.get_by_test_id("dataset-report")
    expect(report).to_be_visible()
    expect(detail.get_by_test_id("dataset-problems")).to_have_count(0)
    for figure in ("时长", "帧率", "分辨率", "丢弃的帧", "人脸高度", "头部姿态范围", "重投影误差", "眨眼频率"):
        expect(report).to_contain_text(figure)
    expect(report).to_contain_text("128 × 128")

    previews = detail.get_by_test_id("dataset-preview")
    expect(previews).to_have_count(len(PREVIEWS))
    names = {previews.nth(i).locator("figcaption").inner_text().rsplit(" · ", 1)[-1] for i in range(len(PREVIEWS))}
    assert names == PREVIEWS, names
    for i in range(len(PREVIEWS)):
        image = previews.nth(i).locator("img")
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") > 0, f"preview {i} did not load"
    screenshot(page, "training-dataset")

    page.once("dialog", lambda dialog: dialog.accept())
    detail.get_by_test_id("dataset-delete").click()
    expect(page.get_by_test_id("dataset-detail")).to_have_count(0)
    expect(item).to_have_count(0)
    assert page.evaluate("location.hash") == "#/training"
    assert api.get(f"/api/v1/datasets/{dataset_id}").status_code == 404
    assert not logged, logged
