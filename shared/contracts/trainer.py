"""Trainer contracts: identity-dataset presets, quality-gate codes and the dataset report."""

from __future__ import annotations

from enum import StrEnum

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
