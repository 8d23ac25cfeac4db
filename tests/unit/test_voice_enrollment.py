"""Enrollment's guards, without synthesis: the choice never ends below the base voice on either encoder, Chinese
keeps the base where the fitted voice fails the Mandarin gate, the distance bound holds, the search starts from
the closest shipped timbre or the average of the closest two, the search state survives a round trip, and the
second speaker encoder tells two real speakers apart."""

from __future__ import annotations

import io
from importlib import resources

import numpy as np
import soundfile as sf

from services.voice.enrollment import Enroller, SearchState, apply_outcome, best_start, cer, choose
from services.voice.speaker import DVectorEncoder
from shared.contracts.voice import EncoderSimilarity


def state() -> SearchState:
    return SearchState(center=[0.0] * 4, stds=[1.0] * 4, radius=1.0, mean=[0.0] * 4, sigma=0.5, language="en")


def scores(**variants: tuple[float, float]) -> dict[str, EncoderSimilarity]:
    return {k: EncoderSimilarity(resemblyzer=a, voicefilter=b) for k, (a, b) in variants.items()}


def test_a_fit_better_on_one_encoder_only_is_refused() -> None:
    held_out = scores(base=(0.60, 0.40), dsp=(0.58, 0.45), fitted=(0.80, 0.39), fitted_world=(0.75, 0.38))
    outcome = choose(state(), held_out, cer_base=0.05, cer_fitted=0.05, zh_margin=0.0)
    assert outcome.chosen == "base" and outcome.languages == [] and not outcome.dsp_helps
    assert apply_outcome({"styles": {"jf_alpha": 1.0}, "convert": True}, outcome) == {
        "styles": {"jf_alpha": 1.0},
        "convert": False,
    }


def test_the_best_variant_on_both_encoders_wins_and_the_gate_keeps_chinese_on_the_base() -> None:
    held_out = scores(base=(0.60, 0.40), dsp=(0.70, 0.50), fitted=(0.72, 0.45), fitted_world=(0.78, 0.55))
    outcome = choose(state(), held_out, cer_base=0.05, cer_fitted=0.12, zh_margin=0.0)
    assert outcome.chosen == "fitted_world" and outcome.world and outcome.languages == ["en"]
    applied = apply_outcome({"styles": {"jm_kumo": 1.0}, "convert": False}, outcome)
    assert applied["fitted"]["languages"] == ["en"] and applied["fitted"]["world"] is True
    assert applied["convert"] is True  # Chinese speaks the stock base with the DSP clone, which helped
    passed = choose(state(), held_out, cer_base=0.05, cer_fitted=0.05, zh_margin=0.0)
    assert passed.languages == ["en", "zh"]


def test_the_distance_bound_projects_and_penalises() -> None:
    center = np.zeros(3)
    inside, penalty = Enroller._bound(np.array([0.3, 0.0, 0.0]), center, 1.0)
    assert penalty == 0.0 and inside.tolist() == [0.3, 0.0, 0.0]
    outside, penalty = Enroller._bound(np.array([3.0, 0.0, 4.0]), center, 1.0)
    assert np.linalg.norm(outside) == np.float64(1.0) and penalty == 4.0


def test_the_search_starts_from_the_closest_timbre_or_the_average_of_the_closest_two() -> None:
    target = np.array([1.0, 1.0, 0.0])
    measured: list[list[float]] = []

    def similarity(x: np.ndarray) -> float:  # a stand-in for the speaker encoder: closeness to a target
        measured.append(x.tolist())
        return -float(np.linalg.norm(x - target))

    halves = [np.array([2.0, 0.0, 0.0]), np.array([0.0, 2.0, 0.0]), np.array([0.0, 0.0, 5.0])]
    start, value = best_start(halves, similarity)
    assert start.tolist() == [1.0, 1.0, 0.0] and value == 0.0  # the average beats both styles it mixes
    assert len(measured) == 4  # each style once, then the one blend
    start, value = best_start([np.array([1.0, 1.0, 0.1]), np.array([-3.0, 0.0, 0.0])], similarity)
    assert start.tolist() == [1.0, 1.0, 0.1] and value == -0.1  # a blend that is worse is not taken


def test_search_state_round_trip_and_cer() -> None:
    saved = state()
    saved.evaluations, saved.best_x = 9, [0.1, 0.2, 0.3, 0.4]
    assert SearchState.from_dict(saved.to_dict()) == saved
    assert SearchState.from_dict(saved.to_dict() | {"version": 0}) is None
    assert cer("我有3本書。", "我有三本书") == 0.0 and cer("这台机器", "左开机器") == 0.5


def test_the_judge_encoder_tells_two_speakers_apart() -> None:
    encoder = DVectorEncoder()
    encoder.load()
    assets = resources.files("moonshine_voice") / "assets"
    clips = {}
    for name in ("beckett.wav", "two_cities.wav"):
        audio, rate = sf.read(io.BytesIO((assets / name).read_bytes()), dtype="float32")
        clips[name] = (audio.mean(axis=1) if audio.ndim > 1 else audio, rate)
    beckett, rate = clips["beckett.wav"]
    half = len(beckett) // 2
    first, second = encoder.embed(beckett[:half], rate), encoder.embed(beckett[half:], rate)
    other = encoder.embed(*clips["two_cities.wav"])
    assert first.shape == (256,) and abs(float(np.linalg.norm(first)) - 1.0) < 1e-4
    assert encoder.similarity(first, second) > encoder.similarity(first, other) + 0.03
