"""Speech recognition in a short window: Whisper base hears a short English utterance as it does in its 30 s
window, drops the phrase it repeats after the speech has ended, falls back to the 30 s window when its own
thresholds doubt the short decode, and keeps the 30 s window for languages not listed (Mandarin by default).
Whisper's token stream is parsed into timed segments up to where the speech ends."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from services.voice import asr
from services.voice.asr import SAMPLE_RATE, Transcriber, timed_segments
from tests.fixtures import speech_path

EOT, T0 = 100, 1000  # stand-ins for Whisper's end-of-text and first timestamp token ids


def ts(seconds: float) -> int:
    return T0 + round(seconds / asr.TIMESTAMP_S)


def test_segments_end_where_the_speech_ends() -> None:
    produced = [ts(0.0), 1, 2, ts(3.0), ts(3.0), 3, ts(6.0), ts(9.2), 1, 2, ts(9.9), EOT]
    segments, cut = timed_segments(produced, EOT, T0, speech_s=9.5)
    assert segments == [(0.0, 3.0, [1, 2]), (3.0, 6.0, [3])] and cut


def test_segments_after_a_lone_timestamp_and_an_unclosed_last_one() -> None:
    produced = [ts(0.0), 1, ts(2.0), 2, ts(4.0), ts(4.0), 3, EOT]
    segments, cut = timed_segments(produced, EOT, T0, speech_s=8.0)
    assert segments == [(0.0, 2.0, [1]), (2.0, 4.0, [2]), (4.0, 8.0, [3])] and not cut


@lru_cache(maxsize=1)
def whisper() -> Transcriber:
    cache = Path.home() / ".cache" / "talkface" / "voice"  # where the voice service keeps Whisper
    cache.mkdir(parents=True, exist_ok=True)  # on a fresh machine this test may run before any service did
    transcriber = Transcriber(cache, 1, 1, 20.0, frozenset({"en"}))
    transcriber.load()
    return transcriber


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def human(seconds: float, silence_after: float) -> np.ndarray:
    audio, rate = sf.read(str(speech_path()), dtype="float32")
    assert rate == SAMPLE_RATE
    return np.concatenate([audio[: int(seconds * rate)], np.zeros(int(silence_after * rate), np.float32)])


def full_window(audio: np.ndarray, language: str | None) -> list[str]:
    model = whisper()
    saved = model.short_window_max_s
    model.short_window_max_s = 0
    try:
        return words(model.transcribe(audio, SAMPLE_RATE, language, vad=True).text)
    finally:
        model.short_window_max_s = saved


@pytest.mark.slow
@pytest.mark.parametrize(("seconds", "language"), [(4.2, "en"), (10.0, "en"), (10.0, None)])
def test_a_short_utterance_is_heard_as_in_the_30_s_window(seconds: float, language: str | None) -> None:
    # All of beckett.wav (10 s) ends "fail better"; in a short window Whisper base goes on repeating it.
    audio = human(seconds, silence_after=0.7)
    heard = whisper().transcribe(audio, SAMPLE_RATE, language, vad=True)
    assert heard.window_s <= seconds + 4 and heard.language == "en"
    assert words(heard.text) == full_window(audio, language)
    assert heard.segments[0].start < 0.5 and heard.segments[-1].end <= heard.duration + 0.01


@pytest.mark.slow
def test_a_doubtful_short_decode_is_redone_in_the_30_s_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every text compresses to less than itself: with this limit every short decode is doubtful.
    monkeypatch.setattr(asr, "COMPRESSION_RATIO_LIMIT", 0.5)
    audio = human(10.0, silence_after=0.7)
    heard = whisper().transcribe(audio, SAMPLE_RATE, "en", vad=True)
    assert heard.window_s == 30.0
    assert words(heard.text) == full_window(audio, "en")


@pytest.mark.slow
def test_languages_not_listed_keep_the_30_s_window() -> None:
    heard = whisper().transcribe(human(4.2, silence_after=0.7), SAMPLE_RATE, "zh", vad=True)
    assert heard.window_s == 30.0
