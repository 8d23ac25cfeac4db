"""Chat service settings (env prefix ``CHAT_``)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class ChatSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CHAT_", env_file=".env", extra="ignore", populate_by_name=True)

    service_name: str = "chat"
    port: int = 8103
