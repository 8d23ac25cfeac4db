"""Voice service settings (env prefix ``VOICE_``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class VoiceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VOICE_", env_file=".env", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "voice"
    port: int = 8101
    backend: str = "embedded"
    cosyvoice_model_dir: str | None = None
    # GPU indices that have a voice worker (`voice.gpuN` queues); empty: the CPU queue `voice`.
    gpus: list[int] = []
    job_time_limit_s: float = 1800
