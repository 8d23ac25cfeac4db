"""Settings: validated at start-up, placeholder secrets refused in production, per-service prefixes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.settings import GatewaySettings
from services.voice.settings import VoiceSettings
from shared.settings import CommonSettings


def test_common_variables_have_plain_names_and_service_ones_a_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://example:6380/2")
    monkeypatch.setenv("VOICE_PORT", "9999")
    monkeypatch.setenv("VOICE_GPUS", "[0, 1]")
    settings = VoiceSettings(_env_file=None)
    assert settings.redis_url == "redis://example:6380/2"
    assert settings.port == 9999
    assert settings.queue_name() == "voice"
    assert settings.queue_name(1) == "voice.gpu1"


def test_api_keys_are_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_KEYS", "alpha-key-123, beta-key-456")
    assert CommonSettings(_env_file=None).api_key_values() == {"alpha-key-123", "beta-key-456"}


def test_limits_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIMIT_MAX_UPLOAD_BYTES", "1234")
    assert CommonSettings(_env_file=None).limits.max_upload_bytes == 1234


@pytest.mark.parametrize("missing", ["S3_ACCESS_KEY", "S3_SECRET_KEY", "API_KEYS"])
def test_placeholder_secrets_refused_in_prod(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    monkeypatch.setenv("TALKFACE_ENV", "prod")
    real = {"S3_ACCESS_KEY": "AKIAREAL", "S3_SECRET_KEY": "s3cr3t-value", "API_KEYS": "k-9f8e7d6c5b4a"}
    real[missing] = {"API_KEYS": "tf-dev-key"}.get(missing, "minioadmin")
    for name, value in real.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=missing):
        GatewaySettings(_env_file=None)
    if missing == "API_KEYS":  # services do not authenticate clients, so they do not need the keys
        assert VoiceSettings(_env_file=None).env == "prod"


def test_real_secrets_accepted_in_prod(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "TALKFACE_ENV": "prod",
        "S3_ACCESS_KEY": "AKIAREAL",
        "S3_SECRET_KEY": "s3cr3t-value",
        "API_KEYS": "k-9f8e7d6c5b4a",
    }.items():
        monkeypatch.setenv(name, value)
    assert CommonSettings(_env_file=None).env == "prod"


def test_invalid_values_stop_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALKFACE_ENV", "staging")
    with pytest.raises(ValidationError):
        CommonSettings(_env_file=None)
    monkeypatch.delenv("TALKFACE_ENV")
    monkeypatch.setenv("GATEWAY_PORT", "not-a-port")
    with pytest.raises(ValidationError):
        GatewaySettings(_env_file=None)


def test_worker_gpu_queue_follows_cuda_visible_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "1")
    assert VoiceSettings(_env_file=None).queue_name() == "voice.gpu1"
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert VoiceSettings(_env_file=None).queue_name() == "voice"


def test_env_example_documents_every_setting() -> None:
    from scripts.gen_env_example import ROOT, build

    assert (ROOT / ".env.example").read_text() == build(), "run: python -m scripts.gen_env_example"


def test_env_example_copied_verbatim_is_a_valid_configuration() -> None:
    """`cp .env.example .env` must start every app: lines like `VOICE_GPU_INDEX=` and `VOICE_GPUS=` mean unset."""
    from pathlib import Path

    from services.chat.settings import ChatSettings
    from services.trainer.settings import TrainerSettings
    from services.video.settings import VideoSettings

    example = Path(__file__).resolve().parents[2] / ".env.example"
    for settings_class in (VoiceSettings, VideoSettings, ChatSettings, TrainerSettings, GatewaySettings):
        settings = settings_class(_env_file=example)
        if isinstance(settings, VoiceSettings | VideoSettings | ChatSettings | TrainerSettings):
            assert settings.gpu_index is None and settings.gpus == []


@pytest.mark.parametrize(("raw", "expected"), [("[0, 1]", [0, 1]), ("0,2", [0, 2]), ("", []), ("[]", [])])
def test_gpu_lists_read_json_or_commas(monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[int]) -> None:
    monkeypatch.setenv("VOICE_GPUS", raw)
    assert VoiceSettings(_env_file=None).gpus == expected
