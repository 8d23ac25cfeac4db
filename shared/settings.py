"""Settings shared by every TalkFace app.

Common variables have plain names (``REDIS_URL``, ``S3_ENDPOINT`` ...) so one ``.env`` serves the whole stack;
each service subclass adds its own fields under its env prefix (``VOICE_``, ``VIDEO_`` ...).
Validation runs at start-up, so a bad value stops the process instead of failing the first request.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import AliasChoices, BeforeValidator, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The dotenv file every app reads, relative to its working directory; TALKFACE_ENV_FILE names another, or none
# when empty (the test suite sets it empty so a developer's `.env` cannot change what the tests run against).
ENV_FILE = os.environ.get("TALKFACE_ENV_FILE", ".env") or None

# Values that ship in .env.example and the dev scripts; refused when TALKFACE_ENV=prod.
PLACEHOLDER_SECRETS = frozenset({"minioadmin", "changeme", "dev-key", "tf-dev-key", ""})


def _env(name: str, default: Any = None) -> Any:
    """A field read from the unprefixed variable ``name`` whatever the subclass's env prefix is."""
    return Field(default, validation_alias=AliasChoices(name, name.lower()))


class Limits(BaseSettings):
    """Limits on what users may send; every one is a setting (``LIMIT_*``)."""

    model_config = SettingsConfigDict(env_prefix="LIMIT_", env_file=ENV_FILE, extra="ignore")

    max_upload_bytes: int = 200 * 1024 * 1024
    max_audio_seconds: float = 600.0
    max_reference_seconds: float = 30.0
    min_reference_seconds: float = 3.0
    max_image_pixels: int = 40_000_000
    max_text_chars: int = 5000
    max_video_seconds: float = 600.0


def _empty_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


# A number that may be unset: `NAME=` (how .env.example lists a setting without a default) means unset.
OptionalInt = Annotated[int | None, BeforeValidator(_empty_is_none)]


def _split_list(value: object) -> object:
    """``a,b`` or ``["a","b"]`` (JSON, as compose and k8s write it) from the environment; empty for none."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        return json.loads(text)
    return [part.strip() for part in text.split(",") if part.strip()]


# A list setting read from one variable, comma-separated or JSON (the items are then validated as T).
T = TypeVar("T")
EnvList = Annotated[list[T], NoDecode, BeforeValidator(_split_list)]


class CommonSettings(BaseSettings):
    """What every app (gateway, service API, worker) needs."""

    # Subclasses inherit this configuration (pydantic merges it) and add their env_prefix.
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore", populate_by_name=True)

    env: Literal["dev", "test", "prod"] = _env("TALKFACE_ENV", "dev")
    log_level: str = _env("LOG_LEVEL", "INFO")
    redis_url: str = _env("REDIS_URL", "redis://127.0.0.1:6379/0")
    key_prefix: str = _env("TALKFACE_KEY_PREFIX", "tf")
    s3_endpoint: str = _env("S3_ENDPOINT", "127.0.0.1:8333")
    s3_public_endpoint: str | None = _env("S3_PUBLIC_ENDPOINT", None)
    s3_secure: bool = _env("S3_SECURE", False)
    s3_region: str = _env("S3_REGION", "us-east-1")
    s3_access_key: SecretStr = _env("S3_ACCESS_KEY", SecretStr("minioadmin"))
    s3_secret_key: SecretStr = _env("S3_SECRET_KEY", SecretStr("minioadmin"))
    s3_bucket: str = _env("S3_BUCKET", "talkface")
    presign_seconds: int = _env("PRESIGN_SECONDS", 3600)
    api_keys: EnvList[SecretStr] = _env("API_KEYS", [SecretStr("tf-dev-key")])
    # Dramatiq redelivery: a worker silent for this long is presumed dead and its jobs go back on the queue.
    worker_heartbeat_ms: int = _env("WORKER_HEARTBEAT_MS", 20_000)
    # Chance (per million broker calls) that a call also runs the requeue sweep; see docs/platform-notes.md.
    broker_maintenance_chance: int = _env("BROKER_MAINTENANCE_CHANCE", 50_000)
    job_ttl_seconds: int = _env("JOB_TTL_SECONDS", 7 * 24 * 3600)
    limits: Limits = Field(default_factory=Limits)

    # Only the gateway authenticates clients; services trust the internal network and need no API_KEYS.
    checks_api_keys: ClassVar[bool] = False

    @model_validator(mode="after")
    def _refuse_placeholders_in_prod(self) -> CommonSettings:
        if self.env != "prod":
            return self
        bad = [
            name
            for name, value in (("S3_ACCESS_KEY", self.s3_access_key), ("S3_SECRET_KEY", self.s3_secret_key))
            if value.get_secret_value() in PLACEHOLDER_SECRETS
        ]
        if self.checks_api_keys and (
            not self.api_keys or any(k.get_secret_value() in PLACEHOLDER_SECRETS for k in self.api_keys)
        ):
            bad.append("API_KEYS")
        if bad:
            raise ValueError(f"placeholder secrets are refused when TALKFACE_ENV=prod: {', '.join(bad)}")
        return self

    def api_key_values(self) -> set[str]:
        return {k.get_secret_value() for k in self.api_keys}


class ServiceSettings(CommonSettings):
    """Base of each service's settings: where it listens, which queue its worker takes."""

    service_name: ClassVar[str] = "service"
    host: str = "127.0.0.1"
    port: int = 8000
    worker_threads: int = 1
    # The GPU this worker serves; a worker takes only the `<service>.gpuN` queue. Defaults to N when the
    # process was started with CUDA_VISIBLE_DEVICES=N (one device); unset means the CPU queue `<service>`.
    gpu_index: OptionalInt = None
    # GPU indices that have a worker of this service (`<service>.gpuN` queues) for the API to route GPU work to;
    # empty: GPU-capable work goes to the CPU queue `<service>`.
    gpus: EnvList[int] = []

    @model_validator(mode="after")
    def _gpu_from_cuda_visible_devices(self) -> ServiceSettings:
        visible = os.environ.get("CUDA_VISIBLE_DEVICES", "").strip()
        if self.gpu_index is None and visible.isdigit():
            self.gpu_index = int(visible)
        elif self.gpu_index is None and visible:
            logging.getLogger(__name__).warning(
                "CUDA_VISIBLE_DEVICES=%r is not one device index: set %sGPU_INDEX to pick this worker's GPU queue",
                visible,
                self.model_config.get("env_prefix", ""),
            )
        return self

    def queue_name(self, gpu_index: int | None = None) -> str:
        index = self.gpu_index if gpu_index is None else gpu_index
        return f"{self.service_name}.gpu{index}" if index is not None else self.service_name
