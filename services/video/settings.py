"""Video service settings (env prefix ``VIDEO_``)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class VideoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VIDEO_", env_file=".env", extra="ignore", populate_by_name=True)

    service_name: str = "video"
    port: int = 8102
