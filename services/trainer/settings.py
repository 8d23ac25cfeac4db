"""Trainer service settings (env prefix ``TRAINER_``)."""

from __future__ import annotations

import os
from typing import ClassVar

from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class DatasetLimits(BaseModel):
    """Sizes, limits and quality-gate thresholds of identity-dataset preprocessing (``TRAINER_DATASET_*``).

    A measure past an error threshold rejects the video with a stable code; past a warning threshold it is
    reported in the dataset report and the dataset is still built. The preprocessing library takes this model,
    so tests and benchmarks build one without the service's environment."""

    dataset_size_standard: int = Field(512, description="side of the square frames of the `standard` preset")
    dataset_size_tiny: int = Field(128, ge=64, le=128, description="side of the `tiny` preset (tests, quick previews)")
    dataset_fps: int = Field(25, description="ER-NeRF's frame rate: one audio window per 40 ms frame")
    dataset_sample_rate: int = 16000
    dataset_min_duration_s: float = 60.0
    dataset_warn_duration_s: float = Field(120.0, description="shorter trains, but the head sees few expressions")
    dataset_max_duration_s: float = 600.0
    dataset_crop_scale: float = Field(2.6, description="crop side / face height: head, hair and shoulders fit")
    dataset_crop_drop: float = Field(
        0.25, description="the crop centre sits this many face heights below the face centre"
    )
    dataset_min_face_px: float = Field(64.0, description="face height in the source video")
    dataset_max_no_face_fraction: float = 0.2
    dataset_max_no_face_run_s: float = 3.0
    dataset_max_multi_face_fraction: float = 0.1
    dataset_max_gap_frames: int = Field(
        12, description="landmark gaps up to this long are interpolated; longer ones dropped"
    )
    dataset_min_sharpness: float = Field(40.0, description="variance of the Laplacian of the face resized to 64 px")
    dataset_max_camera_shift: float = Field(
        0.02, description="background shift between frames, as a fraction of the frame side"
    )
    dataset_max_background_change: float = Field(
        0.2, description="fraction of background pixels that differ from the plate"
    )
    dataset_min_audio_dbfs: float = -50.0
    dataset_warn_audio_dbfs: float = -35.0
    dataset_max_reprojection: float = Field(
        0.02, description="frames whose mean reprojection error exceeds this x side are dropped"
    )
    dataset_val_fraction: float = Field(1 / 11, description="ER-NeRF's split: the tail eleventh is the validation set")
    dataset_audio_model_dir: str | None = Field(
        None, description="directory of a local HuBERT/wav2vec model (model.pt2 or model.pt); unset: log-mel features"
    )


class TrainingLimits(BaseModel):
    """Limits and speed figures of ER-NeRF training jobs (``TRAINER_TRAINING_*``)."""

    training_max_iterations: int = Field(500_000, description="per stage; more is refused (too_many_iterations)")
    training_history_points: int = Field(600, description="logged steps kept in a training's record (thinned)")
    training_time_limit_s: float = Field(48 * 3600.0, description="a training job still running after this stops")
    # Seconds per iteration used for the estimate shown before a training runs (the live ETA is measured).
    # tiny on CPU: measured with one torch thread at 128 px, head 28 / lips 13 / torso 30 it/s (docs/benchmarks.md,
    # ER-NeRF section), about 0.06 s an iteration over the three stages; standard on CPU: a rough figure for
    # its 65,536-ray steps; GPU: the targets (tiny: small steps; standard: 25 it/s on an H100/H200-class card).
    training_cpu_s_per_it_tiny: float = 0.06
    training_cpu_s_per_it_standard: float = 8.0
    training_gpu_s_per_it_tiny: float = 0.01
    training_gpu_s_per_it_standard: float = 0.04
    training_cpu_warn_s: float = Field(1800.0, description="a CPU training expected to take longer gets a warning")
    training_cpu_threads: int = Field(
        1,
        ge=1,
        description="torch threads of a CPU training (one is fastest for small presets: more threads spin-wait)",
    )


class TrainerSettings(ServiceSettings, DatasetLimits, TrainingLimits):
    model_config = SettingsConfigDict(env_prefix="TRAINER_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "trainer"
    port: int = 8104
    job_time_limit_s: float = Field(4 * 3600.0, description="a dataset job still running after this is stopped")
    # Base URL of the video service (a finished training registers its avatar there). Unset: the local video
    # service on VIDEO_PORT (the dev stack and the test harness export it), else 8102.
    video_url: str | None = None
    video_timeout_s: float = 300.0

    @property
    def video_base_url(self) -> str:
        return self.video_url or f"http://127.0.0.1:{os.environ.get('VIDEO_PORT', '8102')}"
