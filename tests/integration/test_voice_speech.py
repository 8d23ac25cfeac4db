"""Speech synthesis through the real stack (gateway → voice API → Kokoro/Piper), checked by listening with
Whisper base: zh and en are intelligible and last a plausible time, formats decode, streaming delivers the
speech sentence by sentence, long texts run as jobs, and bad requests are 4xx problems."""

from __future__ import annotations

import io
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import httpx
import jiwer
import numpy as np
import pytest
import soundfile as sf

from services.voice.asr import Transcriber
from services.voice.dsp.audio_io import read_wav_bytes
from services.voice.text import to_simplified
from shared.pitch import median_f0
from tests.helpers import wait_job

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EN_TEXT = "The weather is lovely today, so we are going for a walk in the park."
ZH_TEXT = "今天天气很好，我们一起去公园散步吧。"


@lru_cache(maxsize=1)
def whisper() -> Transcriber:
    """Whisper base in the test process, loaded once for every voice test module."""
    transcriber = Transcriber(Path.home() / ".cache" / "talkface" / "voice")
    transcriber.load()
    return transcriber


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def error_rate(language: str, reference: str, heard: str) -> float:
    """WER for English, CER (Simplified, punctuation ignored) for Chinese, by jiwer."""
    if language == "en":
        return float(jiwer.wer(" ".join(words(reference)), " ".join(words(heard))))
    ref_chars = re.sub(r"[^\u4e00-\u9fff]", "", reference)
    hyp_chars = re.sub(r"[^\u4e00-\u9fff]", "", to_simplified(heard))
    return float(jiwer.cer(ref_chars, hyp_chars))


def speak(api: httpx.Client, **body: object) -> httpx.Response:
    response = api.post("/api/v1/speech", json=body)
    assert response.status_code == 200, response.text
    return response


def test_built_in_voices_are_listed(api: httpx.Client) -> None:
    items = api.get("/api/v1/voices").raise_for_status().json()["items"]
    builtin = {v["id"]: v for v in items if v["kind"] == "builtin"}
    assert {"kokoro-jf_alpha", "kokoro-jm_kumo", "piper-joe"} <= set(builtin)
    assert builtin["piper-joe"]["languages"] == ["en"]
    assert api.get("/api/v1/voices/kokoro-jm_kumo").json()["engine"] == "kokoro"


@pytest.mark.parametrize(
    ("language", "text", "voice"), [("en", EN_TEXT, "kokoro-jf_alpha"), ("zh", ZH_TEXT, "kokoro-jm_kumo")]
)
def test_speech_is_intelligible_and_of_plausible_length(
    api: httpx.Client, language: str, text: str, voice: str
) -> None:
    response = speak(api, text=text, voice_id=voice)
    assert response.headers["content-type"] == "audio/wav"
    audio, rate = read_wav_bytes(response.content)
    duration = len(audio) / rate
    assert float(response.headers["X-Audio-Duration"]) == pytest.approx(duration, abs=0.01)
    assert response.headers["X-Voice-Language"] == language
    units = len(words(text)) if language == "en" else len(re.findall(r"[\u4e00-\u9fff]", text))
    per_second = units / duration  # English ~2–4 words/s, Mandarin ~3–7 characters/s
    assert (1.5 < per_second < 4.5) if language == "en" else (2.5 < per_second < 8.0), per_second
    heard = whisper().transcribe(audio, rate, language)
    assert error_rate(language, text, heard.text) <= 0.25, heard.text


def test_numbers_are_read_out(api: httpx.Client) -> None:
    response = speak(api, text="It costs $12.50 and starts at 10:30.", voice_id="piper-joe")
    audio, rate = read_wav_bytes(response.content)
    heard = whisper().transcribe(audio, rate, "en").text.lower()
    # Whisper writes what it hears as digits ("$12.50", "10.30"): the words were spoken, not spelled out.
    assert re.search(r"12\D50|twelve", heard) and re.search(r"10\D30|ten thirty", heard), heard


def test_formats_sample_rate_speed_and_pitch(api: httpx.Client, tmp_path: Path) -> None:
    base = speak(api, text="One two three four five.", voice_id="piper-joe", sample_rate=16000, format="pcm")
    assert base.headers["content-type"].startswith("audio/L16") and base.headers["X-Sample-Rate"] == "16000"
    pcm_seconds = len(base.content) / 2 / 16000
    assert pcm_seconds == pytest.approx(float(base.headers["X-Audio-Duration"]), abs=0.01)
    fast = speak(api, text="One two three four five.", voice_id="piper-joe", speed=1.6)
    assert float(fast.headers["X-Audio-Duration"]) < 0.8 * pcm_seconds
    for fmt, media_type in (("mp3", "audio/mpeg"), ("ogg", "audio/ogg")):
        encoded = speak(api, text="One two three.", voice_id="kokoro-jf_alpha", format=fmt)
        assert encoded.headers["content-type"] == media_type
        path = tmp_path / f"out.{fmt}"
        path.write_bytes(encoded.content)
        decoded = subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(path), "-f", "wav", "-"], capture_output=True, check=True
        ).stdout
        audio, _ = sf.read(io.BytesIO(decoded))
        assert len(audio) > 0
    plain = speak(api, text="One two three four five.", voice_id="kokoro-jf_alpha")
    high = speak(api, text="One two three four five.", voice_id="kokoro-jf_alpha", pitch_semitones=4)
    f0_plain, f0_high = (median_f0(*read_wav_bytes(r.content)) for r in (plain, high))
    assert f0_high / f0_plain == pytest.approx(2 ** (4 / 12), rel=0.06)


def test_streaming_sends_the_first_sentence_before_the_rest(api: httpx.Client) -> None:
    text = (
        "Streaming starts with this sentence. The second sentence is a little longer than the first one. "
        "And a third sentence closes the paragraph, so the whole text takes several seconds."
    )
    chunks: list[bytes] = []
    with api.stream(
        "POST", "/api/v1/speech", json={"text": text, "voice_id": "kokoro-jf_alpha", "stream": True}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "audio/wav"
        for chunk in response.iter_raw():
            chunks.append(chunk)
    # Sentence by sentence: several pieces, not one buffered body. How soon the first one arrives is measured
    # in bench/web_latency.py ("speech: first sound"), not asserted here.
    assert len(chunks) >= 3
    audio, rate = read_wav_bytes(b"".join(chunks))
    assert rate == 24000 and len(audio) / rate > 5.0
    heard = whisper().transcribe(audio, rate, "en").text
    assert error_rate("en", text, heard) <= 0.25, heard


def test_streamed_pcm_announces_the_rate_the_engine_speaks_at(api: httpx.Client) -> None:
    """Piper speaks at 22 050 Hz: a streamed `pcm` request without `sample_rate` says so (it said 24 kHz)."""
    text = EN_TEXT  # words, not numbers: Whisper writes numbers as digits
    with api.stream(
        "POST", "/api/v1/speech", json={"text": text, "voice_id": "piper-joe", "format": "pcm", "stream": True}
    ) as response:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"] == "audio/L16;rate=22050;channels=1"
        assert response.headers["X-Sample-Rate"] == "22050"
        pcm = b"".join(response.iter_raw())
    audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32767.0
    heard = whisper().transcribe(audio, 22050, "en").text
    assert error_rate("en", text, heard) <= 0.25, heard  # read at 24 kHz it would be sped up and pitched up


def test_long_text_as_a_job(api: httpx.Client) -> None:
    text = " ".join(["This sentence is part of a longer text that is read in the background."] * 4)
    accepted = api.post("/api/v1/speech/jobs", json={"text": text, "voice_id": "piper-joe", "format": "mp3"})
    assert accepted.status_code == 202, accepted.text
    job = wait_job(api, accepted.json()["job"]["id"], timeout=180)
    assert job["status"] == "succeeded", job
    assert job["result"]["sentences"] == 4 and job["result"]["duration_s"] > 8
    names = {a["name"]: a for a in job["artifacts"]}
    assert set(names) == {"speech.wav", "speech.mp3"}
    wav = httpx.get(names["speech.wav"]["url"], timeout=30).content
    audio, rate = read_wav_bytes(wav)
    assert len(audio) / rate == pytest.approx(job["result"]["duration_s"], abs=0.01)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": ""}, 422, "empty_text"),
        ({"text": "   \n\t "}, 422, "empty_text"),
        ({"text": "!!! ... ???"}, 422, "empty_text"),
        ({"text": "x" * 5001}, 413, "text_too_long"),
        ({"voice_id": "kokoro-nobody"}, 404, "voice_not_found"),
        ({"voice_id": "vp_0123456789abcdef"}, 404, "voice_not_found"),
        ({"language": "fr"}, 422, "unsupported_language"),
        ({"text": "안녕하세요, 만나서 반갑습니다."}, 422, "unsupported_language"),
        ({"text": "你好", "voice_id": "piper-joe"}, 422, "unsupported_language"),
        ({"speed": 3.0}, 422, "validation_error"),
        ({"speed": 0.2}, 422, "validation_error"),
        ({"pitch_semitones": 13}, 422, "validation_error"),
        ({"format": "flac"}, 422, "validation_error"),
        ({"sample_rate": 1000}, 422, "validation_error"),
        ({"instruct": "speak happily"}, 422, "instruct_not_supported"),
    ],
)
def test_bad_speech_requests_are_problems(api: httpx.Client, body: dict[str, object], status: int, code: str) -> None:
    request = {"text": "Hello there.", "voice_id": "kokoro-jf_alpha", **body}
    for path in ("/api/v1/speech", "/api/v1/speech/jobs"):
        response = api.post(path, json=request)
        if code == "text_too_long" and path.endswith("jobs"):
            continue  # jobs accept longer texts
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == code


def test_speech_straight_to_the_service(stack: object) -> None:
    """The video and chat services call the voice service directly with this body."""
    url = stack.service_url("voice")  # type: ignore[attr-defined]
    response = httpx.post(
        f"{url}/api/v1/speech", json={"text": "Direct call.", "voice_id": "piper-joe", "format": "wav"}, timeout=120
    )
    assert response.status_code == 200
    audio, rate = sf.read(io.BytesIO(response.content))
    assert rate == 22050 and np.max(np.abs(audio)) > 0.05
