"""Reference preprocessing (loudness, trimming, SNR, refusals), the WORLD cloning conversion and audio I/O,
on real human speech (moonshine-voice's beckett.wav) and synthetic signals."""

from __future__ import annotations

import io
from collections.abc import Callable
from importlib import resources

import numpy as np
import pyloudnorm
import pytest
import soundfile as sf

from services.voice.dsp.audio_io import encode, read_wav_bytes, wav_header
from services.voice.dsp.clone import EQ_LIMIT, CloneParams, WorldConverter, analyse, fit_equaliser, stats_of
from services.voice.dsp.reference import ProcessedReference, preprocess_reference
from shared.errors import InvalidInput
from shared.pitch import median_f0
from tests.helpers import voiced_signal

RATE = 24000


@pytest.fixture(scope="module")
def speech() -> tuple[np.ndarray, int]:
    data = (resources.files("moonshine_voice") / "assets" / "beckett.wav").read_bytes()
    audio, rate = sf.read(io.BytesIO(data), dtype="float32")
    return audio, rate


def process(audio: np.ndarray, rate: int) -> ProcessedReference:
    return preprocess_reference(audio, rate, target_rate=RATE, target_lufs=-20.0, min_seconds=3.0, max_seconds=30.0)


def test_reference_is_trimmed_filtered_and_normalised(speech: tuple[np.ndarray, int]) -> None:
    audio, rate = speech
    padded = np.concatenate([np.zeros(rate * 2, np.float32), audio * 0.2, np.zeros(rate * 2, np.float32)])
    result = process(padded, rate)
    report = result.report
    assert result.sample_rate == RATE
    assert report.original_duration_s == pytest.approx(len(padded) / rate, abs=0.01)
    assert report.duration_s < report.original_duration_s - 3.5  # the added silence is gone
    measured = pyloudnorm.Meter(RATE).integrated_loudness(result.audio.astype(np.float64))
    assert measured == pytest.approx(report.normalized_lufs, abs=0.2)
    assert -21.5 < measured < -19.5  # the target, unless the -1 dBFS peak ceiling holds it back a little
    assert report.loudness_lufs is not None and report.loudness_lufs < -30
    assert report.snr_db is not None and report.snr_db > 20
    assert 80 < (report.median_f0_hz or 0) < 140
    assert np.max(np.abs(result.audio)) <= 0.9


def test_noise_and_clipping_are_reported(speech: tuple[np.ndarray, int]) -> None:
    audio, rate = speech
    noisy = audio + 0.03 * np.random.default_rng(0).standard_normal(len(audio)).astype(np.float32)
    report = process(noisy, rate).report
    assert report.snr_db is not None and report.snr_db < 15
    assert any("noise" in w for w in report.warnings)
    clipped = np.clip(audio * 20, -1, 1)
    report = process(clipped, rate).report
    assert report.clipping_ratio > 0.001 and any("clipped" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda a, r: np.zeros(r * 5, np.float32), "reference_silent"),
        (lambda a, r: 0.2 * np.random.default_rng(3).standard_normal(r * 6).astype(np.float32), "reference_no_speech"),
        (lambda a, r: a[: int(r * 2.0)], "reference_too_short"),
        (lambda a, r: np.tile(a, 4), "reference_too_long"),
    ],
)
def test_unusable_references_are_refused(
    speech: tuple[np.ndarray, int], make: Callable[[np.ndarray, int], np.ndarray], code: str
) -> None:
    audio, rate = speech
    with pytest.raises(InvalidInput) as info:
        process(make(audio, rate), rate)
    assert info.value.code == code


def test_world_conversion_moves_f0_to_the_target_statistics() -> None:
    source = voiced_signal(f0=140.0, seconds=2.0, sample_rate=RATE)
    target = voiced_signal(f0=220.0, seconds=2.0, sample_rate=RATE, seed=1)
    src, tgt = stats_of(analyse(source, RATE)), stats_of(analyse(target, RATE))
    params = CloneParams(
        f0_log_mean=tgt.f0_log_mean,
        f0_log_std=tgt.f0_log_std,
        source_f0_log_mean=src.f0_log_mean,
        source_f0_log_std=src.f0_log_std,
    )
    converter = WorldConverter(source, RATE)
    converted = converter.render(params)
    assert len(converted) == len(source)
    assert median_f0(converted, RATE) == pytest.approx(220.0, rel=0.05)
    shifted = converter.render(params, semitones=-12)  # pitch option on top of the clone
    assert median_f0(shifted, RATE) == pytest.approx(110.0, rel=0.06)


def test_spectral_warp_moves_energy_up_and_equaliser_is_bounded() -> None:
    source = voiced_signal(f0=140.0, seconds=1.5, sample_rate=RATE)
    stats = stats_of(analyse(source, RATE))
    params = CloneParams(
        f0_log_mean=stats.f0_log_mean,
        f0_log_std=stats.f0_log_std,
        source_f0_log_mean=stats.f0_log_mean,
        source_f0_log_std=stats.f0_log_std,
        warp=1.2,
    )

    def centroid(y: np.ndarray) -> float:  # of the formant region, where the warp acts
        spectrum = np.abs(np.fft.rfft(y)) ** 2
        freqs = np.fft.rfftfreq(len(y), 1 / RATE)
        band = (freqs > 400) & (freqs < 4000)
        return float((spectrum[band] * freqs[band]).sum() / spectrum[band].sum())

    converter = WorldConverter(source, RATE)
    unwarped = converter.render(CloneParams(**{**params.to_dict(), "warp": 1.0}))
    assert centroid(converter.render(params)) > 1.1 * centroid(unwarped)
    eq = fit_equaliser(stats.envelope + np.linspace(0, 10, len(stats.envelope)), stats.envelope, RATE)
    assert len(eq) == 64 and max(abs(v) for v in eq) <= EQ_LIMIT + 1e-9
    assert eq[40] > eq[5]  # the reference is brighter, so the equaliser lifts the highs


def test_streamed_wav_header_and_encoders() -> None:
    audio = voiced_signal(seconds=1.0, sample_rate=16000)
    streamed = wav_header(16000) + encode(audio, 16000, "pcm")
    decoded, rate = read_wav_bytes(streamed)
    assert rate == 16000 and len(decoded) == len(audio)
    assert np.max(np.abs(decoded - audio)) < 1e-3
    whole, rate = sf.read(io.BytesIO(encode(audio, 16000, "wav")), dtype="float32")
    assert rate == 16000 and len(whole) == len(audio)
    mp3 = encode(audio, 16000, "mp3")
    assert mp3[:3] == b"ID3" or mp3[0] == 0xFF
    assert encode(audio, 16000, "ogg")[:4] == b"OggS"
