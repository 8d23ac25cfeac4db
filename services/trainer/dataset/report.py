"""The dataset report (``report.json``): what was made of the video, what was dropped and why, what is marginal."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from services.trainer.dataset.blink import BlinkResult
from services.trainer.dataset.landmarks import LandmarkResult
from services.trainer.dataset.normalise import NormalisedVideo
from services.trainer.dataset.pose import PoseResult
from shared.contracts.trainer import DatasetIssue, DatasetPreset, DatasetReport, FrameDrops, PoseRange, Spread


def spread(values: np.ndarray) -> Spread:
    values = np.asarray(values, dtype=np.float64)
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return Spread(min=0.0, median=0.0, max=0.0)
    return Spread(min=float(values.min()), median=float(np.median(values)), max=float(values.max()))


@dataclass(frozen=True)
class ReportInputs:
    preset: DatasetPreset
    video: NormalisedVideo
    landmarks: LandmarkResult
    pose: PoseResult
    blink: BlinkResult
    keep: np.ndarray
    pose_outliers: np.ndarray
    audio_features: str
    split: tuple[int, int]
    warnings: list[DatasetIssue]
    stage_seconds: dict[str, float]


def build_report(inputs: ReportInputs, fps: int) -> DatasetReport:
    video, marks, pose = inputs.video, inputs.landmarks, inputs.pose
    n = video.n_frames
    drops = [
        FrameDrops(reason="no_face", count=int(marks.dropped.sum())),
        FrameDrops(reason="pose_outlier", count=int((inputs.pose_outliers & ~marks.dropped).sum())),
    ]
    seen = marks.detected
    face_h = np.ptp(marks.mesh[seen, :, 1], axis=1) if seen.any() else np.zeros(1)
    kept = inputs.keep
    euler = pose.euler_deg[kept] if kept.any() else pose.euler_deg
    return DatasetReport(
        preset=inputs.preset,
        duration_s=n / fps,
        fps=float(fps),
        width=video.size,
        height=video.size,
        source_width=video.probe.width,
        source_height=video.probe.height,
        source_fps=video.probe.fps,
        crop=video.crop,
        frames_total=n,
        frames_kept=int(kept.sum()),
        frames_dropped=[d for d in drops if d.count],
        frames_interpolated=int(marks.interpolated.sum()),
        face_height_px=spread(video.track.boxes[:, 3]),
        face_fraction=spread(face_h / video.size),
        sharpness=spread(marks.sharpness),
        audio_dbfs=video.audio_dbfs,
        audio_features=inputs.audio_features,
        focal_px=pose.focal,
        head_pose=PoseRange(yaw=spread(euler[:, 0]), pitch=spread(euler[:, 1]), roll=spread(euler[:, 2])),
        reprojection_px=spread(pose.reprojection[kept] if kept.any() else pose.reprojection),
        blink_rate_per_min=inputs.blink.rate_per_min(fps),
        train_frames=inputs.split[0],
        val_frames=inputs.split[1],
        warnings=inputs.warnings,
        stage_seconds=inputs.stage_seconds,
    )
