"""Video service settings (env prefix ``VIDEO_``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import EnvList, ServiceSettings


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

    # Live sessions (WebRTC, services/video/live/). Base URL of the chat service (the conversation of a live
    # session); unset: the local chat service on CHAT_PORT, else 8103.
    chat_url: str | None = None
    chat_timeout_s: float = 120.0
    live_max_sessions: int = 4  # per worker process; more is 503 live_capacity
    live_max_sessions_per_key: int = 2  # per API key on this worker; more is 429 live_session_limit
    live_idle_timeout_s: float = 300.0  # without the user speaking or the avatar talking
    live_connect_timeout_s: float = 30.0  # from creation to the offer
    live_peer_timeout_s: float = 10.0  # nothing from the client (RTCP, microphone, data channel): it is gone
    live_vad_aggressiveness: int = Field(2, ge=0, le=3)  # webrtcvad mode
    live_vad_start_ms: int = 120  # voiced audio that starts the user's turn (and barges in)
    # Silence that ends it: 500 ms, as OpenAI's Realtime API server VAD, now that recognition no longer waits
    # for it (it was 700 ms while the whole utterance was transcribed only after the end).
    live_vad_end_ms: int = 500
    # A shorter silence after which what has been said is transcribed ahead, in case the turn ends there
    # (0: off; the chat then transcribes each utterance once it has ended).
    live_vad_pause_ms: int = 200
    # ICE: STUN URLs and an optional TURN server handed to the client and used by the server's peer. Empty by
    # default: host candidates only (same host or LAN; the dev stack and tests need nothing else).
    live_stun_urls: EnvList[str] = []  # comma-separated (or JSON), e.g. stun:stun.example.org:3478
    live_turn_url: str | None = None
    live_turn_username: str | None = None
    live_turn_password: str | None = None
    # ER-NeRF avatars: where their checkpoints are cached on local disk (unset: <tmp>/talkface-ernerf).
    ernerf_cache_dir: str | None = None

    @model_validator(mode="after")
    def _default_voice_url(self) -> VideoSettings:
        if not self.voice_url:
            self.voice_url = f"http://127.0.0.1:{os.environ.get('VOICE_PORT', '8101')}"
        if not self.chat_url:
            self.chat_url = f"http://127.0.0.1:{os.environ.get('CHAT_PORT', '8103')}"
        return self

    @property
    def ernerf_cache_path(self) -> Path:
        return Path(self.ernerf_cache_dir) if self.ernerf_cache_dir else Path(tempfile.gettempdir()) / "talkface-ernerf"

    @property
    def voice_base_url(self) -> str:
        return self.voice_url or "http://127.0.0.1:8101"

    @property
    def chat_base_url(self) -> str:
        return self.chat_url or "http://127.0.0.1:8103"
