"""Trainer service settings (env prefix ``TRAINER_``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class TrainerSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="TRAINER_", extra="ignore", populate_by_name=True)

    service_name: ClassVar[str] = "trainer"
    port: int = 8104
