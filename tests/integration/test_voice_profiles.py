"""Voice profiles through the real stack: a human reference (moonshine-voice's beckett.wav, sent as MP3) is
preprocessed, transcribed by Whisper, stored in S3, listed and edited; cloning moves F0 and speaker
similarity toward it; and every unusable upload is a 4xx problem that stores nothing."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pyloudnorm
import pytest
import soundfile as sf

from scripts.devstack import S3_PASSWORD, S3_USER, Stack
from services.voice.dsp.audio_io import read_wav_bytes
from shared.pitch import median_f0
from shared.settings import CommonSettings
from shared.storage import ArtifactStore
from tests.helpers import voiced_signal, write_wav

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ASSETS = resources.files("moonshine_voice") / "assets"


def human_reference(tmp_path: Path, name: str = "beckett.wav", seconds: float | None = None) -> Path:
    """A real recording converted to MP3 (so the upload path decodes a compressed format)."""
    source = tmp_path / name
    source.write_bytes((ASSETS / name).read_bytes())
    target = tmp_path / f"{Path(name).stem}.mp3"
    cut = ["-t", str(seconds)] if seconds else []
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-i", str(source), *cut, "-c:a", "libmp3lame", "-q:a", "3", str(target)],
        check=True,
    )
    return target


def upload(api: httpx.Client, path: Path, **form: str) -> httpx.Response:
    with path.open("rb") as fh:
        return api.post(
            "/api/v1/voices",
            files={"file": (path.name, fh, "audio/mpeg")},
            data={"name": "Test voice", **form},
            timeout=300,
        )


def store_for(stack: Stack) -> ArtifactStore:
    settings = CommonSettings(
        s3_endpoint=f"127.0.0.1:{stack.ports['s3']}",
        s3_access_key=S3_USER,
        s3_secret_key=S3_PASSWORD,
        s3_bucket="talkface",
    )
    return ArtifactStore(settings)


@pytest.fixture(scope="module")
def profile(api: httpx.Client, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("voice-ref")
    response = upload(api, human_reference(tmp))
    assert response.status_code == 201, response.text
    created = response.json()
    yield created
    api.delete(f"/api/v1/voices/{created['id']}")


@pytest.fixture(scope="module")
def female_profile(api: httpx.Client, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A higher voice (about 210 Hz), far from the base voices' pitch, with a transcript given by the user."""
    tmp = tmp_path_factory.mktemp("voice-ref-f")
    response = upload(
        api, human_reference(tmp, "clone-test.wav"), transcript="A user supplied transcript.", language="en"
    )
    assert response.status_code == 201, response.text
    created = response.json()
    yield created
    api.delete(f"/api/v1/voices/{created['id']}")


def test_profile_has_a_quality_report_transcript_and_clone(profile: dict[str, Any]) -> None:
    quality = profile["quality"]
    assert 8.0 < quality["duration_s"] <= quality["original_duration_s"] + 0.01
    assert quality["sample_rate"] == 16000 and -21.5 < quality["normalized_lufs"] <= -20.0
    assert quality["snr_db"] is not None and quality["snr_db"] > 10
    assert quality["clipping_ratio"] < 0.001 and 80 < quality["median_f0_hz"] < 140
    assert isinstance(quality["warnings"], list)
    assert profile["transcript_source"] == "whisper" and profile["language"] == "en"
    assert "ever tried" in profile["transcript"].lower() and "fail better" in profile["transcript"].lower()
    clone = profile["clone"]
    assert clone["similarity"] > clone["base_similarity"]
    assert profile["id"].startswith("vp_") and profile["kind"] == "profile"


def test_stored_audio_is_processed_and_listed(api: httpx.Client, profile: dict[str, Any]) -> None:
    voice = api.get(f"/api/v1/voices/{profile['id']}").raise_for_status().json()
    reference, rate = read_wav_bytes(httpx.get(voice["reference_url"], timeout=30).content)
    assert rate == 24000
    loudness = pyloudnorm.Meter(rate).integrated_loudness(reference.astype(np.float64))
    assert loudness == pytest.approx(voice["quality"]["normalized_lufs"], abs=0.3)
    original = httpx.get(voice["original_url"], timeout=30)
    assert original.status_code == 200 and original.content[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")
    listed = api.get("/api/v1/voices").json()["items"]
    assert profile["id"] in {v["id"] for v in listed if v["kind"] == "profile"}


def speak_both(api: httpx.Client, voice_id: str, text: str) -> dict[bool, tuple[np.ndarray, int, float]]:
    outputs = {}
    for clone in (False, True):
        response = api.post("/api/v1/speech", json={"text": text, "voice_id": voice_id, "clone": clone})
        assert response.status_code == 200, response.text
        assert response.headers["X-Voice-Cloned"] == str(clone).lower()
        audio, rate = read_wav_bytes(response.content)
        outputs[clone] = (audio, rate, float(response.headers["X-Speaker-Similarity"]))
    return outputs


TEXT = "Every morning I walk to the station and buy a newspaper before the train arrives."


def test_clone_moves_similarity_toward_the_reference(api: httpx.Client, profile: dict[str, Any]) -> None:
    outputs = speak_both(api, profile["id"], TEXT)
    assert outputs[True][2] > outputs[False][2] + 0.03, {k: v[2] for k, v in outputs.items()}


def test_clone_moves_f0_toward_the_reference(api: httpx.Client, female_profile: dict[str, Any]) -> None:
    target = np.exp(female_profile["clone"]["f0_log_mean"])  # the reference's geometric-mean F0
    outputs = speak_both(api, female_profile["id"], TEXT)
    base_f0, clone_f0 = (median_f0(outputs[c][0], outputs[c][1]) for c in (False, True))
    assert abs(np.log(clone_f0 / target)) < 0.5 * abs(np.log(base_f0 / target)), (base_f0, clone_f0, target)


def test_rename_fix_transcript_and_delete(api: httpx.Client, stack: Stack, tmp_path: Path) -> None:
    created = upload(
        api, human_reference(tmp_path, "clone-test.wav"), transcript="A user supplied transcript.", language="en"
    )
    assert created.status_code == 201, created.text
    voice = created.json()
    assert voice["transcript_source"] == "user"
    patched = api.patch(f"/api/v1/voices/{voice['id']}", json={"name": "Renamed", "transcript": "Fixed text."})
    assert patched.status_code == 200 and patched.json()["name"] == "Renamed"
    assert api.get(f"/api/v1/voices/{voice['id']}").json()["transcript"] == "Fixed text."
    keys = store_for(stack).list(f"voices/{voice['id']}/")
    assert {k.rsplit("/", 1)[-1] for k in keys} >= {"manifest.json", "reference.wav", "original.mp3"}
    assert api.patch(f"/api/v1/voices/{voice['id']}", json={"transcript": "   "}).status_code == 422
    assert api.patch("/api/v1/voices/kokoro-jf_alpha", json={"name": "x"}).json()["code"] == "voice_read_only"
    assert api.delete(f"/api/v1/voices/{voice['id']}").status_code == 204
    assert api.get(f"/api/v1/voices/{voice['id']}").json()["code"] == "voice_not_found"
    assert store_for(stack).list(f"voices/{voice['id']}/") == []
    assert api.delete(f"/api/v1/voices/{voice['id']}").status_code == 404


def _noise(seconds: float) -> np.ndarray:
    return (0.3 * np.random.default_rng(1).standard_normal(int(seconds * 16000))).astype(np.float32)


def _bad_references(tmp: Path) -> list[tuple[str, Path, dict[str, str], int, str]]:
    speechlike = voiced_signal(seconds=2.0)
    wav = write_wav(tmp / "short.wav", speechlike)
    beckett_cut = human_reference(tmp, "beckett.wav", seconds=2.0)
    long_ref = tmp / "long.wav"
    reference, rate = sf.read(io.BytesIO((ASSETS / "two_cities.wav").read_bytes()), dtype="float32")
    sf.write(long_ref, reference[: int(35 * rate)], rate)
    silent = write_wav(tmp / "silent.wav", np.zeros(5 * 16000, np.float32))
    noise = write_wav(tmp / "noise.wav", _noise(6.0))
    truncated = tmp / "truncated.mp3"
    truncated.write_bytes(human_reference(tmp, "clone-test.wav").read_bytes()[:600])
    not_audio = tmp / "notes.wav"
    not_audio.write_text("This is a text file with an audio extension.\n" * 50)
    return [
        ("too short (speech-like)", wav, {}, 422, "reference_too_short"),
        ("too short (human)", beckett_cut, {}, 422, "reference_too_short"),
        ("too long", long_ref, {}, 422, "reference_too_long"),
        ("silent", silent, {}, 422, "reference_silent"),
        ("pure noise", noise, {}, 422, "reference_no_speech"),
        ("truncated", truncated, {}, 422, "undecodable_audio|reference_too_short"),
        ("not audio", not_audio, {}, 422, "undecodable_audio"),
        ("bad language", silent, {"language": "fr"}, 422, "unsupported_language"),
    ]


def test_bad_references_are_refused_and_nothing_is_stored(api: httpx.Client, stack: Stack, tmp_path: Path) -> None:
    store = store_for(stack)
    before_keys = set(store.list("voices/"))
    before_ids = {v["id"] for v in api.get("/api/v1/voices").json()["items"]}
    for label, path, form, status, code in _bad_references(tmp_path):
        response = upload(api, path, **form)
        assert response.status_code == status, (label, response.text)
        assert response.headers["content-type"].startswith("application/problem+json"), label
        assert response.json()["code"] in code.split("|"), (label, response.json())
    oversized = tmp_path / "huge.wav"
    with oversized.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)
    response = upload(api, oversized)
    assert response.status_code == 413 and response.json()["code"] == "upload_too_large"
    missing_name = api.post("/api/v1/voices", files={"file": ("a.wav", b"RIFF", "audio/wav")})
    assert missing_name.status_code == 422
    assert set(store.list("voices/")) == before_keys
    assert {v["id"] for v in api.get("/api/v1/voices").json()["items"]} == before_ids
