"""Identity-dataset preprocessing, piece by piece, without a video: gap filling, audio windows, the camera
conventions, the canonical face, parsing colours, au.csv, the TorchScript audio extractor and the gates."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import torch

from services.trainer.dataset.audio_features import AudioModelNotConfigured, LocalModelExtractor, frame_windows
from services.trainer.dataset.blink import eye_aspect_ratio, write_au_csv
from services.trainer.dataset.camera import (
    c2w_from_opencv,
    head_points_to_ngp,
    nerf_matrix_to_ngp,
    opencv_from_c2w,
    project,
    rays,
)
from services.trainer.dataset.canonical import MESH_TO_68, RIGID, canonical_face
from services.trainer.dataset.gates import DatasetRejected, GateLog, longest_run
from services.trainer.dataset.landmarks import fill_gaps
from services.trainer.dataset.masks import labels_to_parsing, parsing_to_labels
from services.trainer.dataset.steps import Ticker
from services.trainer.settings import TrainerSettings
from shared.contracts.trainer import DatasetIssue, GateCode
from shared.errors import ErrorCode, JobCancelled

WARNING_ONLY = {GateCode.face_upscaled, GateCode.frames_dropped}


def test_short_gaps_are_interpolated_and_long_ones_dropped() -> None:
    values = np.arange(20, dtype=np.float64)[:, None] * np.array([[1.0, 2.0]])
    present = np.ones(20, dtype=bool)
    present[3:5] = False  # 2 missing: filled
    present[8:14] = False  # 6 missing: dropped with max_gap=4
    present[18:] = False  # trailing 2: filled from the last known frame
    filled, interpolated, dropped = fill_gaps(np.where(present[:, None], values, 0.0), present, max_gap=4)
    np.testing.assert_allclose(filled[3:5], values[3:5])
    assert interpolated[3:5].all() and not dropped[3:5].any()
    assert dropped[8:14].all() and not interpolated[8:14].any()
    np.testing.assert_allclose(filled[18:], values[[17, 17]])
    assert interpolated.sum() == 4 and dropped.sum() == 6


def test_audio_windows_follow_deepspeech_layout() -> None:
    features = np.arange(1, 21, dtype=np.float32)[:, None].repeat(3, axis=1)  # 20 feature frames at 50 Hz
    windows = frame_windows(features, n_frames=10, fps=25, window=16)
    assert windows.shape == (10, 16, 3)
    for k in range(10):  # frame k sees feature frames 2k-8 .. 2k+7, zero outside the clip
        expected = [i + 1 if 0 <= i < 20 else 0 for i in range(2 * k - 8, 2 * k + 8)]
        np.testing.assert_array_equal(windows[k, :, 0], expected)


def test_c2w_round_trip_and_loader_ray_math_agree_with_opencv_projection() -> None:
    import cv2

    rng = np.random.default_rng(0)
    rvec = np.array([0.1, -0.2, 0.05])
    rotation = cv2.Rodrigues(rvec)[0]
    translation = np.array([0.01, -0.02, 0.7])
    c2w = c2w_from_opencv(rotation, translation)
    back_r, back_t = opencv_from_c2w(c2w)
    np.testing.assert_allclose(back_r, rotation, atol=1e-12)
    np.testing.assert_allclose(back_t, translation, atol=1e-12)
    points = rng.uniform(-0.08, 0.08, (30, 3))
    focal, size = 300.0, 128
    k = np.array([[focal, 0, size / 2], [0, focal, size / 2], [0, 0, 1]])
    expected = cv2.projectPoints(points, rvec, translation, k, np.zeros(5))[0][:, 0]
    pose = nerf_matrix_to_ngp(c2w)
    pixels = project(head_points_to_ngp(points), pose, focal, size / 2, size / 2)
    np.testing.assert_allclose(pixels, expected, atol=1e-9)
    origins, dirs = rays(pose, focal, size / 2, size / 2, pixels)  # each ray passes through its point
    offsets = head_points_to_ngp(points) - origins
    along = (offsets * dirs).sum(axis=1, keepdims=True)
    assert np.abs(offsets - along * dirs).max() < 1e-9
    assert np.allclose(np.linalg.norm(dirs, axis=1), 1.0)


def test_canonical_face_is_centred_metric_and_fits_the_ernerf_box() -> None:
    face = canonical_face()
    assert face.vertices.shape == (468, 3) and face.triangles.shape == (898, 3)
    np.testing.assert_allclose(face.vertices.mean(axis=0), 0.0, atol=1e-12)
    width = np.ptp(face.vertices[:, 0])
    assert 0.13 < width < 0.18  # metres: a face is about 15 cm wide
    ngp = head_points_to_ngp(face.vertices)
    assert np.abs(ngp[:, 0]).max() < 1 and np.abs(ngp[:, 1]).max() < 0.5 and np.abs(ngp[:, 2]).max() < 1
    assert len(MESH_TO_68) == 68 and len(set(MESH_TO_68.tolist())) == 68
    lips_and_jaw = {0, 13, 14, 17, 61, 291, 78, 308, 152, 148, 377}
    assert not lips_and_jaw & set(RIGID.tolist())


def test_parsing_colours_are_ernerf_bgr() -> None:
    labels = np.array([[0, 1], [2, 3]], dtype=np.uint8)
    bgr = labels_to_parsing(labels)
    assert tuple(bgr[0, 1]) == (255, 0, 0)  # head: channel 0 of an OpenCV-read image is 255
    assert tuple(bgr[1, 0]) == (0, 255, 0) and tuple(bgr[1, 1]) == (0, 0, 255) and tuple(bgr[0, 0]) == (255,) * 3
    np.testing.assert_array_equal(parsing_to_labels(bgr), labels)


def test_au_csv_has_openface_column_with_leading_space(tmp_path: Path) -> None:
    path = tmp_path / "au.csv"
    write_au_csv(path, np.array([0.0, 1.5, 2.0]), fps=25)
    rows = list(csv.DictReader(path.open()))
    assert [float(r[" AU45_r"]) for r in rows] == [0.0, 1.5, 2.0]


def test_eye_aspect_ratio_drops_when_lids_close() -> None:
    lms = np.zeros((2, 68, 2))
    for eye, x0 in (([36, 37, 38, 39, 40, 41], 0.0), ([42, 43, 44, 45, 46, 47], 40.0)):
        corners = [(x0, 0), (x0 + 10, -3), (x0 + 20, -3), (x0 + 30, 0), (x0 + 20, 3), (x0 + 10, 3)]
        lms[0, eye] = corners
        lms[1, eye] = [(x, y * 0.1) for x, y in corners]
    ear = eye_aspect_ratio(lms)
    assert ear[0] == pytest.approx(0.2) and ear[1] == pytest.approx(0.02)


class Encoder(torch.nn.Module):
    """A real (tiny) audio encoder: a 320-sample hop gives 50 Hz, 8 channels."""

    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv1d(1, 8, kernel_size=400, stride=320, padding=40)

    def forward(self, wave: torch.Tensor) -> torch.Tensor:
        return self.conv(wave[:, None]).transpose(1, 2)


@pytest.mark.parametrize("kind", ["export", "torchscript"])
def test_local_audio_model_loads_and_is_windowed_per_frame(tmp_path: Path, kind: str) -> None:
    encoder = Encoder().eval()
    if kind == "export":
        samples_dim = torch.export.Dim("samples", min=800, max=16000 * 600)
        program = torch.export.export(encoder, (torch.zeros(1, 32000),), dynamic_shapes={"wave": {1: samples_dim}})
        torch.export.save(program, str(tmp_path / "model.pt2"))
    else:
        with pytest.warns(DeprecationWarning):
            torch.jit.save(torch.jit.script(encoder), str(tmp_path / "model.pt"))
    extractor = LocalModelExtractor(tmp_path)
    assert (extractor.name, extractor.file_name, extractor.window) == ("hubert", "aud_hu.npy", 2)
    samples = np.random.default_rng(0).normal(size=16000 * 2).astype(np.float32)
    features = extractor.extract(samples, 16000, n_frames=50, fps=25, tick=Ticker())
    with torch.inference_mode():
        direct = encoder(torch.from_numpy(samples)[None])[0].numpy()
    assert features.shape == (50, 2, 8)
    np.testing.assert_allclose(features[10, 1], direct[20], rtol=1e-4, atol=1e-5)  # frame k ends at feature 2k


def test_missing_audio_model_is_a_clear_503(tmp_path: Path) -> None:
    with pytest.raises(AudioModelNotConfigured) as caught:
        LocalModelExtractor(tmp_path / "nowhere")
    assert caught.value.status == 503 and caught.value.code == "audio_model_not_configured"
    assert "model.pt2" in caught.value.detail and "torch.export.save" in caught.value.detail


def test_every_failing_gate_is_a_listed_422_code() -> None:
    for code in set(GateCode) - WARNING_ONLY:
        assert ErrorCode[code.value].status == 422
        err = DatasetRejected(DatasetIssue(code=code, message="measured past the limit"))
        assert (err.status, err.code) == (422, code.value)


def test_gates_fail_past_the_limit_and_warn_when_marginal() -> None:
    gates = GateLog()
    gates.at_least(GateCode.video_too_blurry, 70.0, 40.0, "sharpness", warn_at=80.0)
    assert [w.code for w in gates.warnings] == [GateCode.video_too_blurry]
    with pytest.raises(DatasetRejected) as caught:
        gates.at_most(GateCode.moving_camera, 0.05, 0.02, "camera movement")
    problem = caught.value.to_problem()
    assert (problem.status, problem.code) == (422, "moving_camera")
    assert problem.model_dump()["measured"] == 0.05 and problem.model_dump()["limit"] == 0.02
    assert longest_run([True, True, False, True, True, True, False]) == 3


def test_ticker_reports_and_honours_cancel() -> None:
    seen: list[float] = []
    cancel = {"now": False}
    tick = Ticker(seen.append, lambda: cancel["now"])
    tick(1, 4)
    assert seen == [0.25]
    cancel["now"] = True
    with pytest.raises(JobCancelled):
        tick(2, 4)


def test_dataset_limits_are_trainer_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_DATASET_MIN_DURATION_S", "12.5")
    monkeypatch.setenv("TRAINER_DATASET_SIZE_TINY", "96")
    settings = TrainerSettings(_env_file=None)
    assert settings.dataset_min_duration_s == 12.5 and settings.dataset_size_tiny == 96
