"""The whole preprocessing pipeline on the synthetic head (known pose, mouth and blink signals): the ER-NeRF
layout, the recovered pose against the ground truth, the pose convention round trip through the loader's ray
math, audio features aligned with the video, the blink signal, the report and the previews.

Tolerances come from the generator's ground truth and were calibrated on this clip (3 s, 128 px): mediapipe's
landmarks sit 0.85 px from the true projections on average and under-read yaw slightly, which limits the
rotation error to about 2 deg mean / 4 deg worst; the fit itself reprojects within 0.5 px.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from scipy.spatial.transform import Rotation

from services.trainer.dataset.camera import head_points_to_ngp, nerf_matrix_to_ngp, opencv_from_c2w, project, rays
from services.trainer.dataset.canonical import MESH_TO_68, RIGID
from services.trainer.dataset.landmarks import read_lms
from services.trainer.dataset.pipeline import STAGES, build_dataset
from services.trainer.dataset.synthetic import SyntheticClip, write_clip
from services.trainer.settings import DatasetLimits
from shared.contracts.trainer import DatasetPreset, DatasetReport, GateCode

pytestmark = pytest.mark.slow

SIZE = 128
# Sharpness limits placed so the clip's face (about 860) is marginal: a warning, not a failure.
LIMITS = DatasetLimits(dataset_min_duration_s=1.0, dataset_min_face_px=32.0, dataset_min_sharpness=500.0)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[SyntheticClip, Path, DatasetReport, list]:
    root = tmp_path_factory.mktemp("synthetic")
    clip = write_clip(root / "clip.mp4", seconds=3.0, size=SIZE)
    events: list[tuple[float, str]] = []
    report = build_dataset(
        clip.video,
        root / "dataset",
        preset=DatasetPreset.tiny,
        limits=LIMITS,
        progress=lambda fraction, stage: events.append((fraction, stage)),
    )
    return clip, root / "dataset", report, events


def test_writes_the_ernerf_layout(built) -> None:
    clip, ds, report, _ = built
    n = len(clip.mouth)
    assert report.frames_total == n == report.frames_kept
    for folder, ext in (("ori_imgs", "jpg"), ("ori_imgs", "lms"), ("parsing", "png"), ("gt_imgs", "jpg")):
        assert len(list((ds / folder).glob(f"*.{ext}"))) == n, folder
    torso = cv2.imread(str(ds / "torso_imgs" / "0.png"), cv2.IMREAD_UNCHANGED)
    assert torso.shape == (SIZE, SIZE, 4) and 0 < (torso[..., 3] > 0).mean() < 0.6
    assert cv2.imread(str(ds / "bc.jpg")).shape == (SIZE, SIZE, 3)
    assert np.load(ds / "aud.npy").shape == (n, 16, 32)
    train = json.loads((ds / "transforms_train.json").read_text())
    val = json.loads((ds / "transforms_val.json").read_text())
    assert len(train["frames"]) + len(val["frames"]) == n and len(val["frames"]) == n - round(n * 10 / 11)
    assert train["cx"] == train["cy"] == SIZE / 2
    assert all(f["img_id"] == f["aud_id"] for f in train["frames"] + val["frames"])
    assert val["frames"][0]["img_id"] == len(train["frames"])  # the validation split is the tail
    rows = list(csv.DictReader((ds / "au.csv").open()))
    assert len(rows) == n and " AU45_r" in rows[0]


def test_pose_matches_the_ground_truth(built) -> None:
    clip, ds, report, _ = built
    frames = json.loads((ds / "transforms_train.json").read_text())["frames"]
    frames += json.loads((ds / "transforms_val.json").read_text())["frames"]
    errors, distances = [], []
    for frame in frames:
        rotation, translation = opencv_from_c2w(np.array(frame["transform_matrix"]))
        truth = clip.rotations[frame["img_id"]]
        errors.append(np.degrees(Rotation.from_matrix(truth.T @ rotation).magnitude()))
        distances.append(translation[2])
    assert np.mean(errors) < 3.5 and np.max(errors) < 6.0
    assert report.focal_px == pytest.approx(clip.focal, rel=0.15)
    # depth and focal trade off: the camera distance is right up to the focal's error
    assert np.median(distances) == pytest.approx(0.7 * report.focal_px / clip.focal, rel=0.05)
    assert report.reprojection_px is not None and report.reprojection_px.max <= 1.0


def test_canonical_points_through_the_loader_land_on_detected_landmarks(built) -> None:
    _, ds, _, _ = built
    transforms = json.loads((ds / "transforms_train.json").read_text())
    params = torch.load(ds / "track_params.pt")
    shape = dict(zip(params["rigid_ids"].tolist(), params["rigid_shape"].numpy(), strict=True))
    in_68 = [(j, int(m)) for j, m in enumerate(MESH_TO_68) if int(m) in set(RIGID.tolist())]
    assert len(in_68) >= 8  # nose bridge, eye corners, temples
    points = head_points_to_ngp(np.array([shape[m] for _, m in in_68]))
    f, cx, cy = transforms["focal_len"], transforms["cx"], transforms["cy"]
    gaps, misses = [], []
    for frame in transforms["frames"]:
        pose = nerf_matrix_to_ngp(np.array(frame["transform_matrix"]))
        detected = read_lms(ds / "ori_imgs" / f"{frame['img_id']}.lms")[[j for j, _ in in_68]]
        gaps.append(np.linalg.norm(project(points, pose, f, cx, cy) - detected, axis=1).mean())
        origins, dirs = rays(pose, f, cx, cy, detected)  # rays through the detected pixels pass the 3D points
        offsets = points - origins
        misses.append(np.linalg.norm(offsets - (offsets * dirs).sum(1, keepdims=True) * dirs, axis=1).mean())
        assert 2.3 < np.linalg.norm(pose[:3, 3]) < 3.3  # about 0.7 m x 4, like ER-NeRF's data
    assert np.mean(gaps) < 1.0 and np.max(gaps) < 1.5
    assert np.mean(misses) < 0.015  # loader units (1 = 25 cm): under 4 mm


def _lagged_correlations(x: np.ndarray, y: np.ndarray, lags: range) -> dict[int, float]:
    """corr(x[t + lag], y[t]) for each lag."""
    out = {}
    for lag in lags:
        a, b = (x[lag:], y[: len(y) - lag]) if lag >= 0 else (x[:lag], y[-lag:])
        out[lag] = float(np.corrcoef(a, b)[0, 1])
    return out


def test_audio_features_are_frame_aligned_with_the_mouth(built) -> None:
    clip, ds, _, _ = built
    features = np.load(ds / "aud.npy")
    energy = features[:, 8, :].mean(axis=1)  # window index 8 is feature frame 2k: the time of video frame k
    by_lag = _lagged_correlations(energy, clip.mouth, range(-3, 4))  # the audio's envelope is the mouth signal
    assert by_lag[0] > 0.7 and max(by_lag, key=by_lag.__getitem__) == 0
    lms = np.stack([read_lms(ds / "ori_imgs" / f"{i}.lms") for i in range(len(features))])
    opening = np.linalg.norm(lms[:, 66] - lms[:, 62], axis=1) / np.linalg.norm(lms[:, 54] - lms[:, 48], axis=1)
    seen = _lagged_correlations(energy, opening, range(-3, 4))  # and the detected lips open with it
    assert seen[0] > 0.6 and max(seen, key=seen.__getitem__) in (-1, 0, 1)


def test_blink_signal_follows_the_eyelids(built) -> None:
    clip, ds, report, _ = built
    rows = list(csv.DictReader((ds / "au.csv").open()))
    au45 = np.array([float(r[" AU45_r"]) for r in rows])
    assert au45.min() >= 0.0 and au45.max() <= 2.0
    assert np.corrcoef(au45, clip.blink)[0, 1] > 0.5
    assert report.blink_rate_per_min is not None and report.blink_rate_per_min > 0


def test_report_previews_and_progress(built) -> None:
    _clip, ds, report, events = built
    assert DatasetReport.model_validate_json((ds / "report.json").read_text()) == report
    assert report.duration_s == pytest.approx(3.0) and report.fps == 25 and report.crop == (0, 0, SIZE)
    assert report.audio_features == "logmel32 (aud.npy)" and report.problems == []
    codes = {w.code for w in report.warnings}
    assert {GateCode.video_too_short, GateCode.video_too_blurry} <= codes  # marginal: warned, still built
    assert report.head_pose is not None and report.head_pose.yaw.max - report.head_pose.yaw.min > 10
    for name in ("landmarks.jpg", "masks.jpg", "background.jpg", "pose.png", "reprojection.png"):
        image = cv2.imread(str(ds / "previews" / name))
        assert image is not None and image.std() > 5, name
    fractions = [f for f, _ in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert [s for s in dict.fromkeys(stage for _, stage in events)] == [*STAGES, "done"]
