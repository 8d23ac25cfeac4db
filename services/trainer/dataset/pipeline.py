"""Runs the preprocessing steps in order over one working directory and writes ER-NeRF's layout:

``ori_imgs/<i>.jpg`` + ``<i>.lms``, ``aud.wav``, ``aud.npy`` (or the configured model's file), ``parsing/``,
``bc.jpg``, ``gt_imgs/``, ``torso_imgs/``, ``track_params.pt``, ``transforms_{train,val}.json``, ``au.csv``, plus
``report.json`` and ``previews/``. Progress is reported as (overall fraction, stage name); the cancel check is
polled inside every step.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from services.trainer.dataset.audio_features import AudioFeatureExtractor, build_extractor, extract_audio_features
from services.trainer.dataset.blink import blink_signal
from services.trainer.dataset.gates import DatasetRejected, GateLog
from services.trainer.dataset.landmarks import detect_landmarks
from services.trainer.dataset.masks import build_masks
from services.trainer.dataset.normalise import normalise_video
from services.trainer.dataset.pose import track_head, write_transforms
from services.trainer.dataset.previews import write_previews
from services.trainer.dataset.report import ReportInputs, build_report
from services.trainer.dataset.steps import CancelCheck, DatasetLayout, never_cancelled
from services.trainer.settings import DatasetLimits
from shared.contracts.trainer import DatasetPreset, DatasetReport, GateCode

StageProgress = Callable[[float, str], None]

# Share of the whole run each stage takes on a typical clip (measured by bench/preprocess_speed.py).
STAGES = {
    "normalise": 0.2,
    "landmarks": 0.25,
    "audio": 0.03,
    "pose": 0.07,
    "masks": 0.4,
    "blink": 0.01,
    "previews": 0.04,
}


def preset_size(preset: DatasetPreset, limits: DatasetLimits) -> int:
    return limits.dataset_size_standard if preset is DatasetPreset.standard else limits.dataset_size_tiny


class _Stages:
    """Maps each stage's own 0..1 progress onto the whole run and times the stages."""

    def __init__(self, report: StageProgress) -> None:
        self.report = report
        self.done = 0.0
        self.seconds: dict[str, float] = {}
        self._name = ""
        self._start = 0.0

    def start(self, name: str) -> Callable[[float], None]:
        self._name, self._start = name, time.perf_counter()
        base, share = self.done, STAGES[name]
        self.report(base, name)
        return lambda fraction: self.report(base + share * fraction, name)

    def finish(self) -> None:
        self.seconds[self._name] = round(time.perf_counter() - self._start, 3)
        self.done += STAGES[self._name]


def build_dataset(
    source: Path,
    workdir: Path,
    *,
    preset: DatasetPreset = DatasetPreset.standard,
    limits: DatasetLimits | None = None,
    extractor: AudioFeatureExtractor | None = None,
    progress: StageProgress = lambda fraction, stage: None,
    cancelled: CancelCheck = never_cancelled,
) -> DatasetReport:
    """Turn ``source`` into a dataset in ``workdir``. Raises :class:`DatasetRejected` (a 422 with the gate's code)
    when a quality gate fails, after writing ``report.json`` with the problem."""
    limits = limits or DatasetLimits()
    layout = DatasetLayout(workdir)
    layout.root.mkdir(parents=True, exist_ok=True)
    gates = GateLog()
    stages = _Stages(progress)
    size = preset_size(preset, limits)
    fps = limits.dataset_fps
    try:
        video = normalise_video(
            source, layout, size, limits, gates, progress=stages.start("normalise"), cancelled=cancelled
        )
        stages.finish()

        marks = detect_landmarks(
            layout, video.n_frames, limits, progress=stages.start("landmarks"), cancelled=cancelled
        )
        sharp = float(np.median(marks.sharpness)) if len(marks.sharpness) else 0.0
        least = limits.dataset_min_sharpness
        gates.at_least(GateCode.video_too_blurry, sharp, least, "Face sharpness", warn_at=2 * least)
        stages.finish()

        extractor = extractor or build_extractor(limits.dataset_audio_model_dir)
        audio = extract_audio_features(
            layout.audio_wav,
            video.n_frames,
            fps,
            extractor,
            layout.root,
            progress=stages.start("audio"),
            cancelled=cancelled,
        )
        stages.finish()

        usable = marks.detected | marks.interpolated
        pose = track_head(marks.mesh, usable, size, progress=stages.start("pose"), cancelled=cancelled)
        outliers = pose.reprojection > limits.dataset_max_reprojection * size
        keep = usable & ~marks.dropped & ~outliers
        split = write_transforms(layout, pose, size, keep, limits.dataset_val_fraction)
        dropped = int((~keep).sum())
        if dropped:
            gates.warn(GateCode.frames_dropped, f"{dropped} of {len(keep)} frames had no usable face or pose.", dropped)
        stages.finish()

        build_masks(layout, marks.mesh, limits, gates, progress=stages.start("masks"), cancelled=cancelled)
        stages.finish()

        blink = blink_signal(marks.lms68, fps, layout.au_csv, progress=stages.start("blink"), cancelled=cancelled)
        stages.finish()

        stages.start("previews")
        reprojection_limit = limits.dataset_max_reprojection * size
        write_previews(layout, marks.lms68, pose.euler_deg, pose.reprojection, fps, reprojection_limit)
        stages.finish()
    except DatasetRejected as exc:
        rejected = DatasetReport(
            preset=preset, problems=[exc.issue], warnings=gates.warnings, stage_seconds=stages.seconds
        )
        layout.report.write_text(rejected.model_dump_json(indent=2))
        raise
    inputs = ReportInputs(
        preset=preset,
        video=video,
        landmarks=marks,
        pose=pose,
        blink=blink,
        keep=keep,
        pose_outliers=outliers,
        audio_features=f"{audio.extractor} ({audio.file_name})",
        split=split,
        warnings=gates.warnings,
        stage_seconds=stages.seconds,
    )
    report = build_report(inputs, fps)
    layout.report.write_text(report.model_dump_json(indent=2))
    progress(1.0, "done")
    return report
