"""Training page, identity datasets: the page in Chinese and English with no errors; a real talking video (the
astronaut animated by the video service, human speech) uploaded with visible upload progress, its preprocessing
followed live in the list, the detail view with the report and every QA preview loaded; then a tiny ER-NeRF
training started from the page on that dataset (head stage, the fewest iterations that still log, validate and
preview), its live loss/PSNR chart, a preview frame, and the avatar it registers linked to the video and chat
pages; a long one cancelled mid-run shows the checkpoint it keeps, is resumed from it (a new job the page
follows) and cancelled again; delete removes the dataset. The test stack accepts datasets from 12 s
(tests/conftest.py)."""

from __future__ import annotations

import re
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

    train_from_the_page(page, api, dataset_id)
    cancel_a_training(page, api)

    page.once("dialog", lambda dialog: dialog.accept())
    detail.get_by_test_id("dataset-delete").click()
    expect(page.get_by_test_id("dataset-detail")).to_have_count(0)
    expect(item).to_have_count(0)
    assert page.evaluate("location.hash") == "#/training"
    assert api.get(f"/api/v1/datasets/{dataset_id}").status_code == 404
    assert not logged, logged


TRAINING_ITERATIONS = 2  # the API accepts 1; 2 give the chart a line and a preview mid-run


def start_head_training(page: Any, iterations: int, intervals: dict[str, int]) -> str:
    """Fill the start form for a tiny head-only training on the CPU, submit it, and return its id."""
    start = page.get_by_test_id("training-start")
    expect(start).to_be_visible()
    start.get_by_label("模型规格").select_option("tiny")
    start.get_by_test_id("stage-lips").uncheck()
    start.get_by_test_id("stage-torso").uncheck()
    expect(start.get_by_label("嘴唇的迭代次数")).to_be_disabled()
    start.get_by_label("头部的迭代次数").fill(str(iterations))
    expect(start.get_by_label("训练设备")).to_have_value("cpu")  # the test stack has no GPU
    expect(start.get_by_test_id("cpu-note")).to_be_visible()
    advanced = start.locator("details")
    if advanced.get_attribute("open") is None:
        start.get_by_text("高级选项").click()
    for field, every in intervals.items():
        start.get_by_label(field).fill(str(every))
    before = page.evaluate("location.hash")
    start.get_by_role("button", name="开始训练").click()
    page.wait_for_function("before => location.hash !== before && location.hash.includes('training=')", arg=before)
    training_id = str(page.evaluate("location.hash")).rsplit("training=", 1)[-1]
    assert training_id.startswith("tr_"), training_id
    return training_id


def train_from_the_page(page: Any, api: httpx.Client, dataset_id: str) -> None:
    """Start a tiny head-only training from the dataset's page and follow it to the avatar's links."""
    every_step = {"每隔多少次记录一次": 1, "每隔多少次验证 PSNR": 1, "每隔多少次保存预览帧": 1}
    training_id = start_head_training(page, TRAINING_ITERATIONS, every_step)

    view = page.get_by_test_id("training-view")
    expect(view).to_be_visible()
    expect(view.get_by_test_id("training-estimate")).not_to_have_text("—")
    item = page.locator(f"[data-testid=training-item][data-training-id={training_id}]")
    expect(item).to_be_visible()

    # The chart, the figures and the previews come from the job's metrics events while it runs.
    chart = view.get_by_test_id("training-chart")
    expect(chart).to_have_attribute("data-points", str(TRAINING_ITERATIONS), timeout=120_000)
    expect(chart).to_have_attribute("data-psnr-points", str(TRAINING_ITERATIONS))
    expect(chart.get_by_test_id("chart-loss")).to_have_attribute("points", re.compile(r"\d+(\.\d+)?,\d"))
    expect(chart.get_by_role("img")).to_have_accessible_name(re.compile("损失与 PSNR 曲线"))
    expect(view.get_by_test_id("training-loss")).not_to_have_text("—")
    expect(view.get_by_test_id("training-psnr")).to_contain_text("dB")
    expect(view.get_by_test_id("training-speed")).to_contain_text("it/s")
    preview = view.get_by_test_id("training-preview").first
    expect(preview).to_be_visible()
    image = preview.locator("img")
    page.wait_for_function("img => img.complete", arg=image.element_handle())
    assert image.evaluate("img => img.naturalWidth") > 0, "the training preview did not load"

    expect(view).to_have_attribute("data-status", "succeeded", timeout=120_000)
    expect(item).to_have_attribute("data-status", "succeeded")
    done = f"第 {TRAINING_ITERATIONS} / {TRAINING_ITERATIONS} 步"
    expect(view.get_by_test_id("training-progress")).to_contain_text(done)
    screenshot(page, "training-run")
    training = api.get(f"/api/v1/trainings/{training_id}").raise_for_status().json()
    assert training["status"] == "succeeded" and training["device"] == "cpu", training
    assert training["stages"] == ["head"] and training["iterations"] == {"head": TRAINING_ITERATIONS}
    avatar_id = training["avatar_id"]
    avatars = api.get("/api/v1/avatars").raise_for_status().json()["items"]
    assert any(a["id"] == avatar_id and a["kind"] == "ernerf" for a in avatars), avatars

    links = view.get_by_test_id("training-avatar")
    expect(links).to_contain_text(avatar_id)
    chat_link = links.get_by_test_id("avatar-chat-link")
    expect(chat_link).to_have_attribute("href", f"#/chat?avatar={avatar_id}")
    links.get_by_test_id("avatar-video-link").click()
    expect(page.get_by_test_id("page-video")).to_be_visible()
    assert page.evaluate("location.hash") == f"#/video?avatar={avatar_id}"
    page.go_back()
    expect(page.get_by_test_id("training-view")).to_have_attribute("data-status", "succeeded")

    # The dataset's delete waits for no training now; the trained avatar keeps its own copy of the checkpoint.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("training-delete").click()
    expect(page.get_by_test_id("training-view")).to_have_count(0)
    assert api.get(f"/api/v1/trainings/{training_id}").status_code == 404


def cancel_a_training(page: Any, api: httpx.Client) -> None:
    """A long training cancelled from the page stops at its next log step and shows the checkpoint it keeps."""
    intervals = {
        "每隔多少次记录一次": 1,
        "每隔多少次验证 PSNR": 1000,
        "每隔多少次保存预览帧": 1000,
        "每隔多少次保存检查点": 2,
    }
    training_id = start_head_training(page, 5000, intervals)
    view = page.get_by_test_id("training-view")
    expect(view).to_have_attribute("data-status", "training", timeout=60_000)
    expect(view.get_by_test_id("training-eta")).not_to_have_text("—", timeout=60_000)
    view.get_by_test_id("training-cancel").click()
    expect(view).to_have_attribute("data-status", "cancelled", timeout=60_000)
    stopped = view.get_by_test_id("training-stopped")
    expect(stopped).to_contain_text("已停止：最后的检查点在头部第")
    expect(stopped).to_contain_text(f"trainings/{training_id}/checkpoint.pt")
    expect(view.get_by_test_id("training-avatar")).to_have_count(0)
    training = api.get(f"/api/v1/trainings/{training_id}").raise_for_status().json()
    assert training["status"] == "cancelled" and training["checkpoint"]["step"] >= 2, training
    screenshot(page, "training-cancelled")

    page.get_by_test_id("language-select").select_option("en")
    expect(page.get_by_role("heading", name="Train an ER-NeRF avatar")).to_be_visible()
    expect(stopped).to_contain_text("Stopped: the last checkpoint is at Head iteration")
    expect(view.get_by_test_id("training-chart").get_by_role("img")).to_have_accessible_name(
        re.compile("Loss and PSNR")
    )
    expect(view.get_by_test_id("training-resume")).to_have_text("Resume")
    page.get_by_test_id("language-select").select_option("zh")

    # Resume queues a new job that goes on from the checkpoint; the view follows it and can cancel it again.
    view.get_by_test_id("training-resume").click()
    expect(view).to_have_attribute("data-status", "training", timeout=60_000)
    expect(view.get_by_test_id("training-resume")).to_have_count(0)
    kept = training["checkpoint"]["step"]
    expect(view.get_by_test_id("training-progress")).not_to_contain_text(f"第 {kept} /", timeout=60_000)
    view.get_by_test_id("training-cancel").click()
    expect(view).to_have_attribute("data-status", "cancelled", timeout=60_000)
    again = api.get(f"/api/v1/trainings/{training_id}").raise_for_status().json()
    assert again["resumes"] == 1 and again["job_id"] != training["job_id"], again
    assert again["resumed_from"]["step"] == kept and again["checkpoint"]["step"] > kept, again
