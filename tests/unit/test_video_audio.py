"""Audio for rendering: per-frame features, sentence and pause splitting, whole-frame padding."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np

from services.video.audio import (
    extract_features,
    frame_count,
    pad_to_frames,
    silence_features,
    split_at_pauses,
)
from services.video.render import speech_from_array
from shared.sentences import split_sentences
from tests.fixtures import speech_clip


def test_features_follow_speech_and_silence() -> None:
    audio, rate = speech_clip(3.0, silence_after=1.0)
    feats = extract_features(audio, rate, 25)
    assert len(feats) == frame_count(len(audio) / rate, 25) == 100
    speaking = np.array([f.level for f in feats[:75]])
    silent = np.array([f.level for f in feats[-20:]])
    assert speaking.max() > 0.9 and speaking.mean() > 0.3
    assert silent.max() == 0.0
    assert all(abs(f.low + f.mid + f.high - 1) < 1e-6 for f in feats[:75] if f.level > 0.2)
    assert feats[10].t == (10 + 0.5) / 25


def test_level_does_not_depend_on_recording_gain() -> None:
    audio, rate = speech_clip(3.0)
    loud = [f.level for f in extract_features(audio, rate, 25)]  # a quiet recording (peaks near -26 dBFS)
    louder = [f.level for f in extract_features(audio * 2.5, rate, 25)]
    assert np.allclose(loud, louder, atol=0.02)


def test_silence_features() -> None:
    feats = silence_features(5, 30, start_s=1.0)
    assert [round(f.t, 4) for f in feats] == [round(1.0 + (i + 0.5) / 30, 4) for i in range(5)]
    assert all(f.level == 0 for f in feats)


def test_split_sentences_latin_and_cjk() -> None:
    text = "Hi there. This is the second sentence! Is it? 你好。今天天气很好！我们走吧。"
    parts = split_sentences(text)
    assert parts[0] == "Hi there. This is the second sentence!"  # "Hi there." alone is short: merged
    assert "今天天气很好！" in parts and "我们走吧。" in parts  # a CJK character weighs like a short word
    assert "".join(parts).replace(" ", "") == text.replace(" ", "")


def test_split_sentences_cuts_long_ones() -> None:
    text = ("word " * 120).strip() + "."
    parts = split_sentences(text, max_chars=100)
    assert all(len(p) <= 101 for p in parts) and len(parts) >= 6
    assert " ".join(parts).split() == text.split()


def test_split_at_pauses_covers_every_frame_and_cuts_in_silence() -> None:
    rate, fps = 16000, 25
    speech, _ = speech_clip(3.0)
    gap = np.zeros(int(0.6 * rate), np.float32)
    audio = np.concatenate([speech, gap, speech, gap, speech])
    cuts = split_at_pauses(audio, rate, fps, target_s=3.5)
    assert cuts[0][0] == 0 and cuts[-1][1] == frame_count(len(audio) / rate, fps)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
    for _, end in cuts[:-1]:  # each cut falls in one of the two pauses
        t = end / fps
        assert 3.0 <= t <= 3.6 or 6.6 <= t <= 7.2, cuts


def test_padding_to_whole_frames() -> None:
    rate = 16000
    audio = np.ones(int(1.013 * rate), np.float32)
    padded = pad_to_frames(audio, rate, 25)
    assert len(padded) == 25 * 640  # 1.013 s -> 25 frames at 25 fps, 640 samples each
    speech = speech_from_array(np.ones(24000 + 100, np.float32), 24000, 30)
    assert speech.frames == 30 and len(speech.audio) == 24000 and len(speech.audio16k) == 16000
    part = speech.slice(0, 15)
    assert part.frames == 15 and len(part.audio) == 12000 and abs(part.duration - 0.5) < 1e-9


def test_pitch_shift_of_uploaded_audio(tmp_path: Path) -> None:
    import soundfile as sf

    from services.video.audio import read_mono
    from shared.pitch import shift_pitch_file

    rate = 16000
    t = np.arange(rate) / rate
    sf.write(tmp_path / "tone.wav", 0.4 * np.sin(2 * np.pi * 220 * t), rate)
    out = shift_pitch_file(tmp_path / "tone.wav", tmp_path / "up.wav", 12.0)
    shifted, out_rate = read_mono(out)
    assert out_rate == rate and abs(len(shifted) - rate) < rate * 0.02  # same duration
    spectrum = np.abs(np.fft.rfft(shifted[2000:-2000]))
    peak = np.fft.rfftfreq(len(shifted) - 4000, 1 / rate)[int(np.argmax(spectrum))]
    assert abs(peak - 440) < 10, peak
