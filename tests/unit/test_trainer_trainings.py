"""Training records and requests without the stack: iterations resolved from the model library's presets and
checked against the limit, the CPU estimate and its warning, the history kept within bounds, progress and
positions over stages; and the ER-NeRF render session's audio queue (training's own mel windows, the previous
clip's tail as context, silence when nothing was fed) and its square output."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import cast

import numpy as np
import pytest

import ernerf
from services.trainer.settings import TrainerSettings
from services.trainer.training_service import check_gpu, resolve_iterations
from services.trainer.trainings import TrainingRecord, describe_duration, estimate_seconds, preset_iterations
from services.video.audio import FrameFeatures
from services.video.backends.base import AudioFedSession, RenderOptions
from services.video.backends.ernerf import ErnerfSession, fit_square
from shared.contracts.trainer import TrainingCreate, TrainingPoint, TrainingPreset, TrainingStage
from shared.errors import InvalidInput
from shared.storage import ArtifactStore

HEAD, LIPS, TORSO = TrainingStage.head, TrainingStage.lips, TrainingStage.torso


def record(**changes: object) -> TrainingRecord:
    now = datetime(2026, 12, 3, tzinfo=UTC)
    fields: dict[str, object] = {
        "id": "tr_0123456789abcdef",
        "name": "head",
        "dataset_id": "ds_0123456789abcdef",
        "preset": TrainingPreset.tiny,
        "stages": [HEAD, LIPS, TORSO],
        "iterations": {HEAD: 300, LIPS: 50, TORSO: 100},
        "seed": 0,
        "device": "cpu",
        "job_id": "job_" + "0" * 32,
        "created_at": now,
        "updated_at": now,
        "estimate_s": 1.0,
    }
    return TrainingRecord.model_validate({**fields, **changes})


def test_iterations_come_from_the_model_library_presets_and_are_limited() -> None:
    settings = TrainerSettings(training_max_iterations=1000)
    assert preset_iterations(TrainingPreset.tiny) == {HEAD: 300, LIPS: 50, TORSO: 100}
    assert preset_iterations(TrainingPreset.standard)[HEAD] == ernerf.PRESETS["standard"].iterations["head"]
    body = TrainingCreate(dataset_id="ds_1", preset="tiny", stages=["torso", "head"], iterations={"head": 7})
    assert resolve_iterations(body, settings) == {HEAD: 7, TORSO: 100}  # stage order, not request order
    with pytest.raises(InvalidInput) as too_many:
        resolve_iterations(TrainingCreate(dataset_id="ds_1", iterations={"lips": 1001}), settings)
    assert too_many.value.code == "too_many_iterations" and too_many.value.extra["limit"] == 1000
    with pytest.raises(InvalidInput) as zero:
        resolve_iterations(TrainingCreate(dataset_id="ds_1", iterations={"head": 0}), settings)
    assert zero.value.code == "too_many_iterations"


def test_a_gpu_must_have_a_trainer_worker() -> None:
    check_gpu(None, TrainerSettings())
    check_gpu(1, TrainerSettings(gpus=[0, 1]))
    with pytest.raises(InvalidInput) as refused:
        check_gpu(2, TrainerSettings(gpus=[0, 1]))
    assert refused.value.code == "gpu_not_available" and "0, 1" in (refused.value.detail or "")


def test_estimates_use_the_speed_settings() -> None:
    settings = TrainerSettings(training_cpu_s_per_it_standard=2.0, training_gpu_s_per_it_standard=0.04)
    assert estimate_seconds(TrainingPreset.standard, 1000, False, settings) == 2000.0
    assert estimate_seconds(TrainingPreset.standard, 1000, True, settings) == 40.0
    assert [describe_duration(s) for s in (42, 600, 9000)] == ["42 s", "10 min", "2.5 h"]


def test_positions_progress_and_a_bounded_history() -> None:
    training = record(stages=[HEAD, TORSO], iterations={HEAD: 300, TORSO: 100})
    assert training.total_steps == 400 and training.position(TORSO, 10) == 310 and training.position(HEAD, 5) == 5
    for step in range(1, 101):
        training.add_point(TrainingPoint(stage=HEAD, iteration=step, step=step, loss=1 / step, it_per_s=2.0), 40)
    steps = [p.step for p in training.history]
    assert len(steps) <= 40 and steps == sorted(steps) and steps[0] == 1 and steps[-1] == 100
    assert steps[-20:] == list(range(81, 101))  # the recent end is kept whole, the old end thinned
    training.step = 100
    assert training.public(cast(ArtifactStore, _NoStorage())).progress == 0.25


class _NoStorage:
    """``public`` presigns preview URLs only; this record has none."""

    def presigned_url(self, key: str, filename: str | None = None) -> str:
        raise AssertionError("no preview to presign")


class _Head:
    """Stands in for a loaded head: returns a 48x64 frame whose value is the mean of the window it was given."""

    def __init__(self) -> None:
        self.windows: list[np.ndarray] = []

    def frame(self, audio_window: np.ndarray, eye: float | None = None) -> np.ndarray:
        self.windows.append(audio_window)
        return np.full((48, 64, 3), 100, np.uint8)


def features(i: int) -> FrameFeatures:
    return FrameFeatures(t=i / 25, rms_db=-20.0, level=0.5, low=0.3, mid=0.3, high=0.4, centroid_hz=1000.0)


def test_session_feeds_training_windows_with_context_and_idles_on_silence() -> None:
    head = _Head()
    session = ErnerfSession(ernerf, head, RenderOptions(size=128, fps=25))
    assert isinstance(session, AudioFedSession)
    rng = np.random.default_rng(0)
    first, second = (rng.standard_normal(16000).astype(np.float32) * 0.1 for _ in range(2))
    session.feed_audio(first, 25)
    assert len(session.windows) == 25 and len(session.context) == 6400  # 0.4 s kept for the next clip
    expected = ernerf.mel_windows(first, 25, 25)
    frames = [session.frame(features(i)) for i in range(25)]
    assert all(f.shape == (128, 128, 3) for f in frames)
    np.testing.assert_array_equal(np.stack(head.windows), expected)

    session.feed_audio(second, 25)
    joined = ernerf.mel_windows(np.concatenate([first[-6400:], second]), 35, 25)[10:]
    np.testing.assert_array_equal(np.stack(list(session.windows)), joined)
    for i in range(25):
        session.frame(features(i))
    session.frame(features(25))  # nothing fed: the silent window
    np.testing.assert_array_equal(head.windows[-1], ernerf.mel_windows(np.zeros(640, np.float32), 1, 25)[0])


def test_frames_are_fitted_to_the_square_output() -> None:
    wide = np.zeros((48, 64, 3), np.uint8)
    wide[:, :, 0] = 200
    out = fit_square(wide, 128)
    assert out.shape == (128, 128, 3) and (out[..., 0] == 200).all()  # padded with the edge colour
    same = np.full((64, 64, 3), 7, np.uint8)
    assert fit_square(same, 64).shape == (64, 64, 3) and (fit_square(same, 64) == 7).all()
    tall = fit_square(np.full((32, 16, 3), 9, np.uint8), 64)
    assert tall.shape == (64, 64, 3) and (tall == 9).all()
