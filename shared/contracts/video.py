"""Video service contracts: avatars, render jobs, the gallery and the streaming render.

The chat service consumes :class:`VideoStreamRequest` / :class:`VideoSegment` / :class:`VideoStreamDone`
(``POST /api/v1/videos/stream``, ``text/event-stream``); keep them backwards compatible.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from fastapi import UploadFile
from pydantic import BaseModel, Field, model_validator

from shared.contracts.common import Artifact

SEMITONES_RANGE = (-12.0, 12.0)
FPS_RANGE = (10, 60)
SIZE_RANGE = (128, 1024)


class AvatarKind(StrEnum):
    portrait = "portrait"  # animated from one photo by the embedded portrait animator
    ernerf = "ernerf"  # a trained ER-NeRF head, registered by the trainer


class Background(StrEnum):
    keep = "keep"
    colour = "colour"
    image = "image"


class Box(BaseModel):
    """An axis-aligned box in normalised coordinates (0..1) of the image it belongs to."""

    x: float
    y: float
    w: float
    h: float


class FaceReport(BaseModel):
    """What the checks measured on the photo; the UI can show it beside the avatar."""

    face_box: Box = Field(description="Face box in the original photo, normalised.")
    face_height_px: int
    yaw_ratio: float = Field(description="Nose offset from the eye midline / inter-ocular distance (0 = frontal).")
    roll_deg: float
    brightness: float = Field(description="Mean luma of the face, 0..255.")
    sharpness: float = Field(description="Laplacian variance of the face at a fixed scale.")
    mouth_gap: float = Field(description="Inner-lip gap / mouth width at rest (0 = closed).")


class Avatar(BaseModel):
    id: str
    name: str
    kind: AvatarKind = AvatarKind.portrait
    created_at: datetime
    updated_at: datetime
    default_voice_id: str | None = None
    size: int = Field(description="Side of the stored head crop in pixels (renders scale it).")
    image_width: int
    image_height: int
    has_matte: bool = Field(description="A person matte is stored (needed for background colour/image).")
    face: FaceReport | None = None
    thumbnail_url: str | None = None
    photo_url: str | None = None
    crop_url: str | None = None
    mesh_url: str | None = Field(None, description="The head crop with the detected face mesh drawn on it.")
    training_id: str | None = Field(None, description="The training that made an `ernerf` avatar.")


class AvatarList(BaseModel):
    items: list[Avatar]


class AvatarCreateForm(BaseModel):
    """multipart/form-data body of ``POST /api/v1/avatars``."""

    file: UploadFile = Field(
        json_schema_extra={"format": "binary"},
        description="A portrait photo (jpg, png or webp) with exactly one, roughly frontal face.",
    )
    name: str = Field(min_length=1, max_length=100)
    kind: AvatarKind = Field(AvatarKind.portrait, description="`ernerf` avatars are registered by the trainer.")
    default_voice_id: str | None = Field(None, max_length=100)


class ErnerfAvatarCreate(BaseModel):
    """JSON body of ``POST /api/v1/avatars/ernerf``: the trainer registers a trained head. The checkpoint is
    one self-contained file (weights, pose track, background plate, torso); the video service keeps its own copy,
    so deleting the training leaves the avatar working."""

    name: str = Field(min_length=1, max_length=100)
    training_id: str = Field(pattern=r"^tr_[0-9a-f]{16}$")
    checkpoint_key: str = Field(
        pattern=r"^trainings/tr_[0-9a-f]{16}/[A-Za-z0-9_.-]+\.pt$", description="The training's final checkpoint."
    )
    preview_key: str | None = Field(
        None, pattern=r"^trainings/tr_[0-9a-f]{16}/[A-Za-z0-9_./-]+\.png$", description="A PNG frame: the thumbnail."
    )
    width: int = Field(ge=16, le=4096, description="Frame size the head was trained at.")
    height: int = Field(ge=16, le=4096)
    default_voice_id: str | None = Field(None, max_length=100)


class AvatarUpdate(BaseModel):
    """JSON body of ``PATCH /api/v1/avatars/{avatar_id}``; fields left out are unchanged."""

    name: str | None = Field(None, min_length=1, max_length=100)
    default_voice_id: str | None = Field(None, max_length=100)


class VideoJobForm(BaseModel):
    """multipart/form-data body of ``POST /api/v1/videos/jobs``: exactly one of `audio`,
    `audio_artifact_id` or `text` (+ `voice_id`)."""

    avatar_id: str
    text: str | None = Field(None, description="Spoken through the voice service with `voice_id`.")
    voice_id: str | None = None
    audio: UploadFile | None = Field(
        None, json_schema_extra={"format": "binary"}, description="Speech in any format ffmpeg decodes."
    )
    audio_artifact_id: str | None = Field(None, description="Key of an audio artifact already stored (a job's).")
    fps: int = Field(25, ge=FPS_RANGE[0], le=FPS_RANGE[1])
    size: int = Field(
        512, ge=SIZE_RANGE[0], le=SIZE_RANGE[1], multiple_of=2, description="Side of the square output video in pixels."
    )
    background: Background = Background.keep
    background_colour: str = Field("#00b140", pattern=r"^#[0-9a-fA-F]{6}$")
    background_image: UploadFile | None = Field(
        None, json_schema_extra={"format": "binary"}, description="Used when background=image."
    )
    pitch_semitones: float = Field(0.0, ge=SEMITONES_RANGE[0], le=SEMITONES_RANGE[1])


class VideoRenderResult(BaseModel):
    """``result`` of a succeeded ``video.render`` job; `video.mp4` and `poster.jpg` are its artifacts."""

    avatar_id: str
    renderer: str
    duration_s: float
    frames: int
    fps: int
    size: int
    render_fps: float = Field(description="Frames animated per second of wall time (excluding encode).")
    timings_s: dict[str, float] = Field(default_factory=dict)


class VideoSummary(BaseModel):
    """One entry of the gallery (``GET /api/v1/videos``); the id is the render job's id."""

    id: str
    avatar_id: str
    avatar_name: str
    created_at: datetime
    duration_s: float
    fps: int
    size: int
    text: str | None = None
    video: Artifact
    poster: Artifact | None = None


class VideoList(BaseModel):
    items: list[VideoSummary]


class VideoStreamRequest(BaseModel):
    """JSON body of ``POST /api/v1/videos/stream``: exactly one of `text` (+ `voice_id`) or
    `audio_artifact_id` (the S3 key of a WAV in our bucket)."""

    avatar_id: str
    text: str | None = None
    voice_id: str | None = None
    audio_artifact_id: str | None = None
    fps: int = Field(25, ge=FPS_RANGE[0], le=FPS_RANGE[1])
    size: int = Field(512, ge=SIZE_RANGE[0], le=SIZE_RANGE[1], multiple_of=2)
    pitch_semitones: float = Field(0.0, ge=SEMITONES_RANGE[0], le=SEMITONES_RANGE[1])

    @model_validator(mode="after")
    def _strip(self) -> VideoStreamRequest:
        if self.text is not None and not self.text.strip():
            self.text = None
        return self


class VideoSegment(BaseModel):
    """Data of each SSE ``segment`` event: a short playable MP4 (H.264 + AAC) with its audio."""

    index: int
    artifact_id: str
    url: str = Field(description="Presigned GET URL of the segment.")
    start_s: float
    duration_s: float
    text: str | None = Field(None, description="The sentence this segment speaks (text input only).")


class VideoStreamDone(BaseModel):
    """Data of the final SSE ``done`` event."""

    segments: int
    total_s: float
