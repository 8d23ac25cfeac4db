"""Trainer contracts: identity-dataset presets, quality-gate codes, the dataset report and the dataset API."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from fastapi import UploadFile
from pydantic import BaseModel, Field


class DatasetPreset(StrEnum):
    """Frame size of a dataset: ``standard`` (512 px, for training) or ``tiny`` (64-128 px, tests and previews)."""

    standard = "standard"
    tiny = "tiny"


class GateCode(StrEnum):
    """Codes of the quality gates. As an error each rejects the video with that code (every one is also in
    ``shared.errors.ErrorCode``, 422); as a warning the dataset is still built and the report says what is
    marginal. ``face_upscaled`` and ``frames_dropped`` are only ever warnings."""

    no_face = "no_face"
    multiple_faces = "multiple_faces"
    face_too_small = "face_too_small"
    video_too_blurry = "video_too_blurry"
    moving_camera = "moving_camera"
    moving_background = "moving_background"
    audio_missing = "audio_missing"
    audio_silent = "audio_silent"
    video_too_short = "video_too_short"
    video_too_long = "video_too_long"
    undecodable_video = "undecodable_video"
    face_upscaled = "face_upscaled"  # warning only: the crop is smaller than the preset, frames are upscaled
    frames_dropped = "frames_dropped"  # warning only: some frames had no usable face or pose


class DatasetIssue(BaseModel):
    """One gate's finding: what was measured against which limit."""

    code: GateCode
    message: str
    measured: float | None = None
    limit: float | None = None


class Spread(BaseModel):
    """Summary of a per-frame measure."""

    min: float
    median: float
    max: float


class FrameDrops(BaseModel):
    reason: str = Field(description="`no_face` (a landmark gap too long to interpolate) or `pose_outlier`.")
    count: int


class PoseRange(BaseModel):
    """Head rotation relative to the camera over the clip, in degrees."""

    yaw: Spread
    pitch: Spread
    roll: Spread


class DatasetReport(BaseModel):
    """What preprocessing made of one video; stored as ``report.json`` beside the dataset. A rejected video gets
    a report too: ``problems`` says which gate failed, and the measures of the steps that ran are filled in."""

    preset: DatasetPreset
    duration_s: float | None = None
    fps: float | None = None
    width: int | None = None
    height: int | None = None
    source_width: int | None = None
    source_height: int | None = None
    source_fps: float | None = None
    crop: tuple[int, int, int] | None = Field(None, description="x, y and side of the square crop in the source.")
    frames_total: int | None = None
    frames_kept: int | None = None
    frames_dropped: list[FrameDrops] = Field(default_factory=list)
    frames_interpolated: int | None = Field(None, description="Frames whose landmarks filled a short gap.")
    face_height_px: Spread | None = Field(None, description="Face height in the source video.")
    face_fraction: Spread | None = Field(None, description="Face height / frame side in the dataset frames.")
    sharpness: Spread | None = Field(None, description="Variance of the Laplacian of the face at 64 px.")
    audio_dbfs: float | None = None
    audio_features: str | None = Field(None, description="Extractor and file, e.g. `logmel32 (aud.npy)`.")
    focal_px: float | None = None
    head_pose: PoseRange | None = None
    reprojection_px: Spread | None = None
    blink_rate_per_min: float | None = None
    train_frames: int | None = None
    val_frames: int | None = None
    problems: list[DatasetIssue] = Field(default_factory=list, description="The gate that rejected the video.")
    warnings: list[DatasetIssue] = Field(default_factory=list)
    stage_seconds: dict[str, float] = Field(default_factory=dict)


# -- the dataset API ------------------------------------------------------------------------------------------
class DatasetStatus(StrEnum):
    """``queued`` -> ``processing`` -> ``ready``; or ``rejected`` (a quality gate failed: the report says which),
    ``failed`` (an error of ours; the job's error says what) or ``cancelled``."""

    queued = "queued"
    processing = "processing"
    ready = "ready"
    rejected = "rejected"
    failed = "failed"
    cancelled = "cancelled"


class DatasetCreateForm(BaseModel):
    """multipart/form-data body of ``POST /api/v1/datasets``."""

    file: UploadFile = Field(
        json_schema_extra={"format": "binary"},
        description="A talking video (mp4, mov, mkv, webm or avi) of one person facing a still camera, with sound.",
    )
    name: str = Field(min_length=1, max_length=100)
    language: str | None = Field(None, max_length=16, description="Language spoken in the video, e.g. `en`.")
    preset: DatasetPreset = DatasetPreset.standard


class DatasetPreview(BaseModel):
    """One QA preview image, downloadable through a presigned URL."""

    name: str = Field(description="File name, e.g. `landmarks.jpg`.")
    url: str


class Dataset(BaseModel):
    id: str
    name: str
    language: str | None = None
    preset: DatasetPreset
    status: DatasetStatus
    job_id: str
    created_at: datetime
    updated_at: datetime
    source_filename: str | None = None
    source_duration_s: float = Field(description="Duration of the uploaded video as probed on upload.")
    files: int = Field(0, description="Number of stored dataset files (ready datasets).")
    storage_prefix: str | None = Field(
        None, description="S3 prefix of the dataset directory (`datasets/{id}/data/`) once it is ready."
    )
    report: DatasetReport | None = Field(None, description="Set once ready or rejected.")
    previews: list[DatasetPreview] = Field(default_factory=list)
    error: str | None = Field(None, description="Why the job failed, when it did.")


class DatasetList(BaseModel):
    items: list[Dataset]


class DatasetBuildResult(BaseModel):
    """``result`` of a finished ``trainer.dataset`` job."""

    dataset_id: str
    status: DatasetStatus
    files: int
    report: DatasetReport


# -- the training API -----------------------------------------------------------------------------------------
class TrainingPreset(StrEnum):
    """Model size: ``tiny`` (64-128 px, minutes on a CPU: tests and smoke runs) or ``standard`` (ER-NeRF's
    defaults at 512 px: hours on a GPU)."""

    tiny = "tiny"
    standard = "standard"


class TrainingStage(StrEnum):
    """ER-NeRF's three stages, always run in this order: the head, a lip fine-tune, the torso (head frozen)."""

    head = "head"
    lips = "lips"
    torso = "torso"


class TrainingStatus(StrEnum):
    """``queued`` -> ``training`` -> ``succeeded`` (an ``ernerf`` avatar is registered); or ``failed``, or
    ``cancelled`` (the last checkpoint is kept; either can be resumed from it, back to ``queued``)."""

    queued = "queued"
    training = "training"
    succeeded = "succeeded"
    failed = "failed"
    cancelled = "cancelled"


class TrainingCreate(BaseModel):
    """JSON body of ``POST /api/v1/trainings``."""

    dataset_id: str = Field(description="A `ready` dataset (`GET /api/v1/datasets`).")
    name: str | None = Field(None, min_length=1, max_length=100, description="Name of the avatar; the dataset's.")
    preset: TrainingPreset = TrainingPreset.standard
    stages: list[TrainingStage] = Field(
        default_factory=lambda: list(TrainingStage),
        min_length=1,
        description="A subset of head, lips and torso; run in that order whatever order they are given in.",
    )
    iterations: dict[TrainingStage, int] | None = Field(
        None, description="Iterations per stage; stages left out take the preset's default."
    )
    seed: int = Field(0, ge=0, le=2**31 - 1)
    gpu: int | None = Field(
        None, ge=0, description="Index of a GPU with a trainer worker (`GET /api/v1/system`); null trains on a CPU."
    )
    default_voice_id: str | None = Field(None, max_length=100, description="Default voice of the avatar.")
    log_every: int | None = Field(None, ge=1, description="Iterations between progress events (preset default).")
    validate_every: int | None = Field(None, ge=1, description="Iterations between validation PSNRs.")
    preview_every: int | None = Field(None, ge=1, description="Iterations between stored preview frames.")
    checkpoint_every: int | None = Field(None, ge=1, description="Iterations between stored checkpoints.")


class TrainingPoint(BaseModel):
    """One logged step: loss at every log interval, PSNR on validation steps."""

    stage: TrainingStage
    iteration: int = Field(description="Iteration within the stage, 1-based.")
    step: int = Field(description="Iterations done over all stages of this training.")
    loss: float
    psnr: float | None = None
    it_per_s: float


class TrainingMetrics(TrainingPoint):
    """``data`` of a training job's ``metrics`` event (``GET /api/v1/jobs/{job_id}/events``): one logged step."""

    total_steps: int
    eta_s: float | None = Field(None, description="Seconds left, from the measured speed.")
    preview: str | None = Field(None, description="S3 key of the preview frame stored at this step, if any.")
    checkpoint: str | None = Field(None, description="S3 key of the checkpoint stored at this step, if any.")


class TrainingPreview(BaseModel):
    """A validation frame rendered during training, stored as PNG."""

    stage: TrainingStage
    iteration: int
    key: str = Field(description="S3 key (`trainings/{id}/previews/...`), also an artifact id.")
    url: str


class TrainingCheckpoint(BaseModel):
    """The last stored checkpoint: what a redelivered job resumes from and what a cancel keeps."""

    key: str
    stage: TrainingStage
    iteration: int
    step: int


class Training(BaseModel):
    id: str
    name: str
    dataset_id: str
    preset: TrainingPreset
    stages: list[TrainingStage]
    iterations: dict[TrainingStage, int] = Field(description="Iterations per stage, preset defaults filled in.")
    seed: int
    gpu: int | None = None
    device: str = Field(description="`cpu` or `cuda:N`.")
    status: TrainingStatus
    job_id: str
    created_at: datetime
    updated_at: datetime
    stage: TrainingStage | None = Field(None, description="The stage in progress (or last run).")
    step: int = Field(0, description="Iterations done over all stages.")
    total_steps: int
    progress: float = Field(0.0, ge=0.0, le=1.0)
    loss: float | None = None
    psnr: float | None = Field(None, description="The latest validation PSNR (dB).")
    it_per_s: float | None = None
    eta_s: float | None = Field(None, description="Seconds left, from the measured speed.")
    estimate_s: float = Field(description="Expected duration before it runs, from the preset and iterations.")
    warning: str | None = Field(None, description="E.g. how slow a CPU training will be.")
    history: list[TrainingPoint] = Field(default_factory=list, description="Logged steps (thinned when long).")
    previews: list[TrainingPreview] = Field(default_factory=list)
    checkpoint: TrainingCheckpoint | None = None
    resumed_from: TrainingCheckpoint | None = Field(None, description="Set when a redelivered job resumed.")
    attempts: int = 0
    resumes: int = Field(0, description="How many times it was resumed (`POST /api/v1/trainings/{id}/resume`).")
    final_psnr: float | None = None
    avatar_id: str | None = Field(None, description="The `ernerf` avatar registered on success.")
    error: str | None = None


class TrainingList(BaseModel):
    items: list[Training]


class TrainingResult(BaseModel):
    """``result`` of a finished ``trainer.training`` job."""

    training_id: str
    avatar_id: str
    checkpoint_key: str
    final_psnr: float | None = None
    steps: int
