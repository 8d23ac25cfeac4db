"""The suite runs on its own configuration: a developer's `.env` and exported TalkFace variables stay out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.voice.settings import VoiceSettings
from tests.isolation import isolate, talkface_variables

ROOT = Path(__file__).resolve().parents[2]
PLANTED = {
    "REDIS_URL": "redis://planted.example:6390/9",
    "S3_ENDPOINT": "planted.example:9000",
    "VOICE_PORT": "9991",
    "LIMIT_MAX_TEXT_CHARS": "7",
    "CHAT_LLM_BASE_URL": "http://planted.example/v1",
    "TALKFACE_LLM_THREADS": "8",
}


def test_the_session_environment_holds_no_talkface_variable() -> None:
    assert talkface_variables(os.environ) == {"TALKFACE_ENV_FILE"}
    assert os.environ["TALKFACE_ENV_FILE"] == ""


def test_exported_variables_are_removed_and_others_kept() -> None:
    environ = {**PLANTED, "PATH": "/usr/bin", "HOME": "/home/dev", "TF_TEST_LOG_LEVEL": "DEBUG"}
    removed = isolate(environ)
    assert removed == set(PLANTED)
    assert environ == {"PATH": "/usr/bin", "HOME": "/home/dev", "TF_TEST_LOG_LEVEL": "DEBUG", "TALKFACE_ENV_FILE": ""}


def test_every_setting_is_covered() -> None:
    """Each variable .env.example documents is one the isolation removes."""
    documented = [
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("# ---") and line.split("=", 1)[0].lstrip("# ").strip().isupper()
    ]
    environ = dict.fromkeys(documented, "x")
    assert documented and talkface_variables(environ) == set(documented)


def test_a_planted_dotenv_is_not_read(tmp_path: Path) -> None:
    """An app started the way the stack starts one (the suite's environment, a working directory with a
    `.env`) keeps its defaults."""
    (tmp_path / ".env").write_text("".join(f"{name}={value}\n" for name, value in PLANTED.items()))
    probe = (
        "from services.voice.settings import VoiceSettings as S; s = S();"
        " print(s.redis_url, s.s3_endpoint, s.port, s.limits.max_text_chars)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    defaults = VoiceSettings(_env_file=None)
    assert out == [defaults.redis_url, defaults.s3_endpoint, str(defaults.port), str(defaults.limits.max_text_chars)]
    assert not set(out) & set(PLANTED.values())


def test_without_the_isolation_the_planted_dotenv_would_be_read(tmp_path: Path) -> None:
    """The probe above can see a `.env`: with TALKFACE_ENV_FILE unset the same app picks it up, limits too."""
    (tmp_path / ".env").write_text("REDIS_URL=redis://planted.example:6390/9\nLIMIT_MAX_TEXT_CHARS=7\n")
    environ = {key: value for key, value in os.environ.items() if key != "TALKFACE_ENV_FILE"}
    probe = (
        "from services.voice.settings import VoiceSettings as S; s = S(); print(s.redis_url, s.limits.max_text_chars)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={**environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.split()
    assert out == ["redis://planted.example:6390/9", "7"]


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_stack_children_inherit_the_clean_environment(name: str, tmp_path: Path) -> None:
    from scripts.devstack import Stack

    env = Stack(var_dir=tmp_path).env()
    assert env["TALKFACE_ENV_FILE"] == ""
    assert name not in env or env[name] != PLANTED[name]
