"""The OpenAI-compatible surface with the official ``openai`` client through the gateway: models are listed,
speech is synthesised (streamed, in every format) and transcribed back, a human recording is transcribed in
every response format, and bad input is a 4xx with a stable code (problem+json carrying OpenAI's ``error``)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
import jiwer
import numpy as np
import openai
import pytest

from scripts.devstack import Stack
from services.voice.dsp.audio_io import read_wav_bytes
from tests.fixtures import speech_path, speech_wav_bytes
from tests.helpers import write_wav

pytestmark = pytest.mark.integration

TEXT = "The weather is lovely today, so we are going for a walk in the park."
# beckett.wav (moonshine-voice): "Ever tried. Ever failed. No matter. Try again. Fail again. Fail better."
BECKETT_WORDS = ("ever tried", "ever failed", "no matter", "try again", "fail better")


@pytest.fixture(scope="module")
def client(stack: Stack) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{stack.gateway_url}/v1", api_key=stack.api_key, max_retries=0, timeout=300)


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def decode(data: bytes) -> np.ndarray:
    """Any audio ffmpeg reads -> 16 kHz mono float32 (what each format really holds, not what it claims)."""
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "f32le", "-ac", "1", "-ar", "16000", "pipe:1"],
        input=data,
        capture_output=True,
        check=True,
    )
    return np.frombuffer(done.stdout, dtype=np.float32)


def rms(audio: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(audio)))) if len(audio) else 0.0


def test_models_are_listed_and_retrieved(client: openai.OpenAI) -> None:
    models = {m.id: m for m in client.models.list()}
    assert {"talkface", "talkface-tts", "tts-1", "tts-1-hd", "talkface-asr", "whisper-1"} <= set(models)
    assert all(m.object == "model" and m.owned_by == "talkface" and m.created > 0 for m in models.values())
    assert client.models.retrieve("whisper-1").id == "whisper-1"
    with pytest.raises(openai.NotFoundError) as missing:
        client.models.retrieve("gpt-imaginary")
    assert missing.value.code == "model_not_found"


def test_streamed_speech_is_heard_back_by_the_transcription_endpoint(client: openai.OpenAI) -> None:
    with client.audio.speech.with_streaming_response.create(
        model="tts-1", voice="alloy", input=TEXT, response_format="wav"
    ) as response:
        assert response.headers["content-type"] == "audio/wav"
        assert response.headers["x-voice-engine"] == "kokoro"  # alloy is Kokoro's jf_alpha
        pieces = list(response.iter_bytes())
    data = b"".join(pieces)
    audio, rate = read_wav_bytes(data)
    assert rate == 24000
    duration = len(audio) / rate
    assert 2.5 < duration < 9.0, duration
    assert rms(audio) > 0.02
    heard = client.audio.transcriptions.create(model="whisper-1", file=("speech.wav", data, "audio/wav"), language="en")
    assert jiwer.wer(words(TEXT), words(heard.text)) < 0.3, heard.text


def test_chinese_round_trip_in_simplified_characters(client: openai.OpenAI) -> None:
    text = "今天天气很好，我们一起去公园散步吧。"
    speech = client.audio.speech.create(model="tts-1-hd", voice="ash", input=text, response_format="mp3")
    heard = client.audio.transcriptions.create(
        model="whisper-1", file=("speech.mp3", speech.content, "audio/mpeg"), language="zh"
    )
    hanzi = re.sub(r"[^\u4e00-\u9fff]", "", heard.text)
    assert jiwer.cer(re.sub(r"[^\u4e00-\u9fff]", "", text), hanzi) <= 0.3, heard.text
    assert "氣" not in heard.text and "們" not in heard.text  # Simplified, not Whisper's Traditional


def test_every_format_decodes_to_the_same_speech(client: openai.OpenAI) -> None:
    voice = "kokoro-jf_gongitsune"  # Kokoro's durations are deterministic; Piper's VITS samples them (±0.1 s)
    text = "Good morning, this is a short test."
    media_types = {"mp3": "audio/mpeg", "opus": "audio/ogg", "aac": "audio/aac", "flac": "audio/flac"}
    durations = {}
    for fmt, media_type in media_types.items():
        response = client.audio.speech.create(
            model="talkface-tts",
            voice=voice,
            input=text,
            response_format=fmt,  # type: ignore[arg-type]
        )
        assert response.response.headers["content-type"] == media_type, fmt
        audio = decode(response.content)
        assert rms(audio) > 0.02, fmt
        durations[fmt] = len(audio) / 16000
    pcm = client.audio.speech.create(model="talkface-tts", voice=voice, input=text, response_format="pcm")
    assert pcm.response.headers["content-type"].startswith("audio/L16;rate=24000")
    samples = np.frombuffer(pcm.content, dtype="<i2")
    durations["pcm"] = len(samples) / 24000
    assert rms(samples.astype(np.float32) / 32768) > 0.02
    assert 1.0 < durations["pcm"] < 5.0, durations
    for fmt, seconds in durations.items():  # codecs pad a little; the speech is the same length
        assert seconds == pytest.approx(durations["pcm"], abs=0.15), (fmt, durations)
    slow = client.audio.speech.create(model="tts-1", voice=voice, input=text, response_format="pcm", speed=0.5)
    assert len(slow.content) / 2 / 24000 > 1.5 * durations["pcm"]


def test_a_human_recording_is_transcribed_in_every_format(client: openai.OpenAI) -> None:
    recording = speech_path()
    with recording.open("rb") as fh:
        plain = client.audio.transcriptions.create(model="whisper-1", file=fh)
    for phrase in BECKETT_WORDS:
        assert phrase in words(plain.text), plain.text
    with recording.open("rb") as fh:
        verbose = client.audio.transcriptions.create(model="talkface-asr", file=fh, response_format="verbose_json")
    assert verbose.language == "en" and verbose.text == plain.text
    assert verbose.duration == pytest.approx(10.0, abs=0.6)
    segments = verbose.segments or []
    assert segments and all(0 <= s.start < s.end <= verbose.duration + 0.1 for s in segments)
    assert [s.start for s in segments] == sorted(s.start for s in segments)
    with recording.open("rb") as fh:
        text = client.audio.transcriptions.create(model="whisper-1", file=fh, response_format="text")
    assert words(str(text)) == words(plain.text)
    with recording.open("rb") as fh:
        srt = str(client.audio.transcriptions.create(model="whisper-1", file=fh, response_format="srt"))
    assert re.match(r"1\n00:00:\d\d,\d{3} --> 00:00:\d\d,\d{3}\n\S", srt), srt
    with recording.open("rb") as fh:
        vtt = str(client.audio.transcriptions.create(model="whisper-1", file=fh, response_format="vtt"))
    assert vtt.startswith("WEBVTT\n\n00:00:") and "fail better" in words(vtt), vtt


def test_audio_without_speech_gives_an_empty_text(client: openai.OpenAI, tmp_path: Path) -> None:
    tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(48000) / 16000)).astype(np.float32)
    wav = write_wav(tmp_path / "tone.wav", tone)
    with wav.open("rb") as fh:
        heard = client.audio.transcriptions.create(model="whisper-1", file=fh, response_format="verbose_json")
    assert heard.text == "" and heard.duration == pytest.approx(3.0, abs=0.05)


def test_bad_speech_requests_are_4xx_with_stable_codes(client: openai.OpenAI, stack: Stack) -> None:
    def refused(error: type[openai.APIStatusError], code: str, **body: object) -> None:
        request = {"model": "tts-1", "voice": "piper-joe", "input": "Hello.", **body}
        with pytest.raises(error) as raised:
            client.audio.speech.create(**request)  # type: ignore[arg-type]
        assert raised.value.code == code, raised.value.body

    refused(openai.NotFoundError, "voice_not_found", voice="nobody-here")
    refused(openai.UnprocessableEntityError, "empty_text", input="   ")
    refused(openai.APIStatusError, "text_too_long", input="word " * 2000)
    refused(openai.NotFoundError, "model_not_found", model="gpt-imaginary")
    refused(openai.UnprocessableEntityError, "validation_error", speed=3.0)
    refused(openai.UnprocessableEntityError, "validation_error", response_format="ogg-vorbis")
    refused(openai.UnprocessableEntityError, "unsupported_language", input="今天天气很好。")  # Piper: English only
    # The answer itself: problem+json, with OpenAI's error object beside the problem fields.
    raw = httpx.post(
        f"{stack.gateway_url}/v1/audio/speech",
        headers={"Authorization": f"Bearer {stack.api_key}"},
        json={"model": "tts-1", "voice": "nobody-here", "input": "Hello."},
        timeout=60,
    )
    assert raw.status_code == 404 and raw.headers["content-type"].startswith("application/problem+json")
    body = raw.json()
    assert body["code"] == "voice_not_found" and body["error"]["code"] == "voice_not_found"
    assert body["error"]["message"] == body["detail"]


def test_bad_transcription_requests_are_4xx_with_stable_codes(client: openai.OpenAI, tmp_path: Path) -> None:
    with pytest.raises(openai.UnprocessableEntityError) as undecodable:
        client.audio.transcriptions.create(model="whisper-1", file=("x.mp3", b"not audio at all" * 64, "audio/mpeg"))
    assert undecodable.value.code == "undecodable_audio"
    long_silence = tmp_path / "long.mp3"  # 301 s: over VOICE_ASR_MAX_SECONDS (300), a few KB as mp3
    silence = ["-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", "301", "-b:a", "8k"]
    subprocess.run(["ffmpeg", "-v", "error", *silence, str(long_silence)], check=True)
    with long_silence.open("rb") as fh, pytest.raises(openai.APIStatusError) as too_long:
        client.audio.transcriptions.create(model="whisper-1", file=fh)
    assert too_long.value.status_code == 413 and too_long.value.code == "audio_too_long"
    speech = speech_wav_bytes(2.0)
    with pytest.raises(openai.NotFoundError) as model:
        client.audio.transcriptions.create(model="gpt-imaginary", file=("a.wav", speech, "audio/wav"))
    assert model.value.code == "model_not_found"
    with pytest.raises(openai.UnprocessableEntityError) as language:
        client.audio.transcriptions.create(model="whisper-1", file=("a.wav", speech, "audio/wav"), language="xx")
    assert language.value.code == "unsupported_language"
    with pytest.raises(openai.UnprocessableEntityError) as fmt:
        client.audio.transcriptions.create(  # type: ignore[call-overload]
            model="whisper-1", file=("a.wav", speech, "audio/wav"), response_format="yaml"
        )
    assert fmt.value.code == "validation_error"
