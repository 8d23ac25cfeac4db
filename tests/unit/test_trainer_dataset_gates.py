"""Each quality gate triggered by a crafted video (the synthetic head, spoiled on purpose), and cancellation.

Every rejection is a 422 problem with the gate's stable code, and the dataset directory still gets a
``report.json`` naming the problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from services.trainer.dataset.gates import DatasetRejected
from services.trainer.dataset.pipeline import build_dataset
from services.trainer.dataset.synthetic import write_clip
from services.trainer.settings import DatasetLimits
from shared.contracts.trainer import DatasetPreset, DatasetReport, GateCode
from shared.errors import JobCancelled

pytestmark = pytest.mark.slow

LIMITS = DatasetLimits(dataset_min_duration_s=1.0, dataset_min_face_px=32.0)
Filter = Callable[[int, np.ndarray], np.ndarray]


def two_heads(_: int, frame: np.ndarray) -> np.ndarray:
    side = frame.shape[0]
    small = cv2.resize(frame, (side // 2, side // 2), interpolation=cv2.INTER_AREA)
    out = np.full_like(frame, 100)
    out[side // 4 : side // 4 + side // 2, : side // 2] = small
    out[side // 4 : side // 4 + side // 2, side // 2 :] = small[:, ::-1]
    return out


def no_head(_: int, frame: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.broadcast_to(frame[:1, :1], frame.shape))  # the background colour only


def blurred(_: int, frame: np.ndarray) -> np.ndarray:
    return cv2.GaussianBlur(frame, (0, 0), 2.5)


def panning(index: int, frame: np.ndarray) -> np.ndarray:
    shift = np.array([[1, 0, 1.5 * index - 30], [0, 1, 0]], dtype=np.float32)
    return cv2.warpAffine(frame, shift, (frame.shape[1], frame.shape[0]), borderMode=cv2.BORDER_REFLECT)


def flickering(index: int, frame: np.ndarray) -> np.ndarray:
    frame = frame.copy()
    colour = np.random.default_rng(index).integers(0, 255, 3)
    frame[:50, :40] = colour
    frame[:50, -40:] = colour[::-1]
    return frame


CASES = [
    # name, clip options, limits changes, expected code
    ("too_short", {"seconds": 1.0}, {"dataset_min_duration_s": 2.0}, GateCode.video_too_short),
    ("too_long", {"seconds": 2.0}, {"dataset_max_duration_s": 1.5}, GateCode.video_too_long),
    ("no_audio", {"audio": False}, {}, GateCode.audio_missing),
    ("silent", {"silent": True}, {}, GateCode.audio_silent),
    ("no_face", {"frame_filter": no_head}, {}, GateCode.no_face),
    ("two_faces", {"frame_filter": two_heads, "size": 192}, {}, GateCode.multiple_faces),
    ("small_face", {}, {"dataset_min_face_px": 100.0}, GateCode.face_too_small),
    ("blurred", {"frame_filter": blurred}, {}, GateCode.video_too_blurry),
    ("panning", {"frame_filter": panning}, {}, GateCode.moving_camera),
    ("flickering", {"frame_filter": flickering}, {}, GateCode.moving_background),
]


@pytest.mark.parametrize(("name", "clip_options", "limit_changes", "code"), CASES, ids=[c[0] for c in CASES])
def test_gate_rejects_crafted_video(
    tmp_path: Path, name: str, clip_options: dict, limit_changes: dict, code: GateCode
) -> None:
    options = {"seconds": 2.0, "size": 128, **clip_options}
    clip = write_clip(tmp_path / f"{name}.mp4", **options)
    limits = LIMITS.model_copy(update=limit_changes)
    with pytest.raises(DatasetRejected) as caught:
        build_dataset(clip.video, tmp_path / "dataset", preset=DatasetPreset.tiny, limits=limits)
    problem = caught.value.to_problem()
    assert (problem.status, problem.code) == (422, code.value), problem.detail
    report = DatasetReport.model_validate_json((tmp_path / "dataset" / "report.json").read_text())
    assert [p.code for p in report.problems] == [code]
    if code is not GateCode.audio_missing:  # the one yes/no gate; the others say what was measured
        assert report.problems[0].measured is not None and report.problems[0].limit is not None


def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp4"
    path.write_text("not a video")
    with pytest.raises(DatasetRejected) as caught:
        build_dataset(path, tmp_path / "dataset", preset=DatasetPreset.tiny, limits=LIMITS)
    assert caught.value.code == GateCode.undecodable_video.value and caught.value.status == 422


def test_cancel_is_honoured_inside_a_step(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "clip.mp4", seconds=2.0)
    seen: list[tuple[float, str]] = []

    def cancelled() -> bool:  # the user cancels once the landmark step has started
        return any(stage == "landmarks" for _, stage in seen)

    with pytest.raises(JobCancelled):
        build_dataset(
            clip.video,
            tmp_path / "dataset",
            preset=DatasetPreset.tiny,
            limits=LIMITS,
            progress=lambda fraction, stage: seen.append((fraction, stage)),
            cancelled=cancelled,
        )
    stages = [stage for _, stage in seen]
    assert "landmarks" in stages and "pose" not in stages
    assert not (tmp_path / "dataset" / "transforms_train.json").exists()
