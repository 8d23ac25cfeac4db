"""Video service settings (env prefix ``VIDEO_``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import ClassVar

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class VideoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VIDEO_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "video"
    port: int = 8102
    # Base URL of the voice service (text input). Unset: the local voice service on VOICE_PORT (the dev stack
    # and the test harness export it), else 8101.
    voice_url: str | None = None
    voice_timeout_s: float = 300.0
    job_time_limit_s: float = 3600.0
    default_renderer: str = "portrait"

    # Avatars: checks on the photo (every limit is a setting).
    avatar_size: int = 512  # side of the stored head crop
    max_image_bytes: int = 25 * 1024 * 1024
    min_face_px: int = 80  # face height in the photo
    max_yaw_ratio: float = 0.28
    max_roll_deg: float = 30.0
    min_brightness: float = 45.0
    min_sharpness: float = 25.0
    head_crop_scale: float = 2.3  # crop side / face height
    thumbnail_px: int = 256

    # Rendering.
    render_threads: int = 1  # OpenCV threads per worker process (jobs run on their own worker threads)
    encode_crf: int = 20
    encode_preset: str = "veryfast"
    audio_bitrate: str = "128k"
    # Streaming: sentences longer than this are split at a pause; audio input is cut into chunks about this long.
    stream_segment_s: float = 4.0
    # ER-NeRF avatars: where their checkpoints are cached on local disk (unset: <tmp>/talkface-ernerf).
    ernerf_cache_dir: str | None = None

    @model_validator(mode="after")
    def _default_voice_url(self) -> VideoSettings:
        if not self.voice_url:
            self.voice_url = f"http://127.0.0.1:{os.environ.get('VOICE_PORT', '8101')}"
        return self

    @property
    def ernerf_cache_path(self) -> Path:
        return Path(self.ernerf_cache_dir) if self.ernerf_cache_dir else Path(tempfile.gettempdir()) / "talkface-ernerf"

    @property
    def voice_base_url(self) -> str:
        return self.voice_url or "http://127.0.0.1:8101"
