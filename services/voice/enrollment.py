"""Enrollment: fit Kokoro's timbre to a speaker ("style inversion"), guarded so a profile never gets worse.

Kokoro's 256-d style vector has a decoder half (timbre) and a prosody half (durations, F0: Mandarin's tones).
We keep the stock base style's prosody half and replace its decoder half by one 128-d vector that CMA-ES
(``cma``, BSD) moves to maximise the resemblyzer cosine between Kokoro speaking two short training sentences and the
reference, starting from the closest shipped timbre (or the average of the closest two). Guards, in order:

- **distance bound**: the vector stays within ``VOICE_ENROLL_MAX_DISTANCE`` times the largest distance between
  two shipped styles from its start (projected back, with a penalty, when CMA-ES steps outside);
- **held-out judgement**: base, DSP clone, fitted and fitted + WORLD speak sentences the fit never heard, and two
  independent encoders (resemblyzer, the fit's own, and the voicefilter d-vector) score each; only a variant
  at least as close as the base on *both* is eligible, and WORLD stays on top only where it helps;
- **Mandarin gate**: the fitted voice is used for Chinese only if Whisper understands its Chinese as well as
  the base's (character error rate on the gate sentences, plus ``VOICE_ENROLL_ZH_CER_MARGIN``).

The search state is saved after every generation, so a cancelled or interrupted job resumes where it stopped
(the CMA-ES mean and step size; its covariance is learnt again, which costs a little progress, not correctness).
This module knows nothing of jobs or S3: ``jobs.run_enrollment`` wires it to them.
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import numpy as np

from services.voice.backends.embedded import EmbeddedBackend
from services.voice.backends.kokoro import DECODER_DIMS, SAMPLE_RATE, STYLES, with_decoder
from services.voice.dsp.clone import CloneParams, WorldConverter
from services.voice.profiles import ProfileContext
from services.voice.settings import VoiceSettings
from services.voice.text import normalize_zh, to_simplified
from shared.contracts.voice import EncoderSimilarity

log = logging.getLogger(__name__)

# What the fit listens to: two short sentences, spoken one after the other for each candidate ...
TRAINING_TEXT = {
    "en": ("We should leave a little earlier, the roads are busy.", "Could you tell me where the nearest pharmacy is?"),
    "zh": ("我们应该早一点出发，路上的车很多。", "你能告诉我最近的药店在哪里吗？"),
}
# ... and what judges it: sentences it never heard, in both languages.
HELD_OUT = {
    "en": "Every evening my neighbour walks her dog along the river before dinner.",
    "zh": "这台机器的声音很安静，明天下午三点我们在图书馆门口见面。",
}
# The Mandarin gate: the held-out sentences read by the bundled Whisper.
ZH_GATE = (HELD_OUT["zh"],)
STATE_VERSION = 2
# Below this budget the search starts from the base style's timbre; from it, the first six candidates measure
# the five shipped timbres and the average of the closest two, and the search starts from the closest.
START_MIN_BUDGET = 60


class Encoder(Protocol):
    sample_rate: int

    def embed(self, audio: np.ndarray, sample_rate: int) -> np.ndarray: ...

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> float: ...


class Transcribes(Protocol):
    def transcribe(self, audio: np.ndarray, sample_rate: int, language: str | None = None) -> Any: ...


@dataclass
class SearchState:
    """The resumable part of a search (stored as JSON with the profile)."""

    center: list[float]
    stds: list[float]
    radius: float
    mean: list[float]
    sigma: float
    language: str
    evaluations: int = 0
    generation: int = 0
    best_x: list[float] = field(default_factory=list)
    best_similarity: float = -1.0
    base_similarity: float | None = None
    seconds: float = 0.0
    version: int = STATE_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SearchState | None:
        if data.get("version") != STATE_VERSION:
            return None
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass
class EnrollmentOutcome:
    state: SearchState
    held_out: dict[str, EncoderSimilarity]
    chosen: str
    languages: list[str]
    world: bool
    zh_cer_base: float
    zh_cer_fitted: float
    detail: str
    dsp_helps: bool = False


def cer(reference: str, heard: str) -> float:
    """Character error rate over Han characters (Simplified, numbers read out on both sides)."""
    import jiwer

    def hanzi(text: str) -> str:
        return re.sub(r"[^\u4e00-\u9fff]", "", normalize_zh(to_simplified(text)))

    ref = hanzi(reference)
    return float(jiwer.cer(ref, hanzi(heard))) if ref else 0.0


class Enroller:
    """One per worker process: the embedded backend (Kokoro, resemblyzer) plus the judge and the ASR gate."""

    def __init__(
        self,
        backend: EmbeddedBackend,
        judge: Encoder,
        asr: Transcribes,
        settings: VoiceSettings,
        compute: Any,
    ) -> None:
        self.backend = backend
        self.kokoro = backend.kokoro
        self.encoder = backend.speaker
        self.judge = judge
        self.asr = asr
        self.settings = settings
        self.compute = compute  # the process's one-heavy-computation-at-a-time lock

    # -- search ------------------------------------------------------------------------------------------
    def new_state(self, profile: ProfileContext) -> SearchState:
        state = self.backend.clone_state(profile)
        language = profile.manifest.language if profile.manifest.language in TRAINING_TEXT else "en"
        center = self.kokoro.decoder_half(self.backend.base_weights(state, language))
        packs = np.stack([self.kokoro.decoder_half({s: 1.0}) for s in STYLES])
        spread = np.maximum(packs.std(axis=0), 1e-3)
        largest = max(float(np.linalg.norm(a - b)) for a in packs for b in packs)
        return SearchState(
            center=center.tolist(),
            stds=spread.tolist(),
            radius=self.settings.enroll_max_distance * largest,
            mean=center.tolist(),
            sigma=self.settings.enroll_sigma,
            language=language,
        )

    def search(
        self,
        profile: ProfileContext,
        state: SearchState,
        on_generation: Callable[[SearchState], None],
    ) -> SearchState:
        """CMA-ES until the budget is spent; ``on_generation`` saves, reports and may raise to stop."""
        import cma

        budget = self.settings.enroll_budget
        target = profile.embedding
        table = self.kokoro.style(self.backend.base_weights(self.backend.clone_state(profile), state.language))
        texts = TRAINING_TEXT[state.language]
        center = np.asarray(state.center)

        def similarity(x: np.ndarray) -> float:
            started = time.perf_counter()
            with self.compute:
                style = with_decoder(table, x)
                audio = np.concatenate([self.backend.speak(text, style) for text in texts])
                value = self.encoder.similarity(self.encoder.embed(audio, SAMPLE_RATE), target)
            state.seconds += time.perf_counter() - started
            state.evaluations += 1
            return value

        if state.base_similarity is None:
            state.base_similarity = similarity(center)
            state.best_x, state.best_similarity = state.center, state.base_similarity
            if budget >= START_MIN_BUDGET:
                starts = [self.kokoro.decoder_half({s: 1.0}) for s in STYLES]
                start, value = best_start(starts, similarity)
                if value > state.best_similarity:  # the search (and its distance bound) starts there instead
                    center = np.asarray(start, dtype=np.float64)
                    state.center, state.mean, state.best_x = center.tolist(), center.tolist(), center.tolist()
                    state.best_similarity = value
            on_generation(state)
        population = self.settings.enroll_population or (4 + int(3 * math.log(DECODER_DIMS)))
        population = max(2, min(population, (budget - 1) // 4))  # at least four generations when it can
        options = {
            "CMA_stds": state.stds,
            "popsize": population,
            "seed": self.settings.enroll_seed + state.generation,
            "verbose": -9,
        }
        # One strategy object for this run; a resumed run starts a new one from the saved mean and step size
        # (its covariance is learnt again, which costs some progress, not correctness).
        es = cma.CMAEvolutionStrategy(state.mean, state.sigma, options)
        while state.evaluations + population <= budget:
            candidates = es.ask()
            losses = []
            for x in candidates:
                inside, excess = self._bound(np.asarray(x), center, state.radius)
                value = similarity(inside)
                losses.append(-value + excess)
                if value > state.best_similarity:
                    state.best_x, state.best_similarity = inside.tolist(), value
            es.tell(candidates, losses)
            state.mean = [float(v) for v in es.mean]
            state.sigma = float(es.sigma)
            state.generation += 1
            on_generation(state)
        return state

    @staticmethod
    def _bound(x: np.ndarray, center: np.ndarray, radius: float) -> tuple[np.ndarray, float]:
        """Project onto the ball around the start; the penalty (relative excess) steers CMA-ES back inside."""
        distance = float(np.linalg.norm(x - center))
        if distance <= radius:
            return x, 0.0
        return center + (x - center) * (radius / distance), (distance - radius) / radius

    # -- judgement ---------------------------------------------------------------------------------------
    def judge_variants(self, profile: ProfileContext, state: SearchState) -> EnrollmentOutcome:
        """Score base / DSP / fitted / fitted + WORLD on held-out text with both encoders, gate Mandarin, and
        choose what the profile speaks with."""
        clone_state = self.backend.clone_state(profile)
        params = CloneParams.from_dict(clone_state["params"])
        reference, rate = profile.reference()
        decoder = np.asarray(state.best_x, np.float32)
        started = time.perf_counter()
        with self.compute:
            references = {
                "resemblyzer": profile.embedding,
                "voicefilter": self.judge.embed(reference, rate),
            }
            audio: dict[str, dict[str, np.ndarray]] = {"base": {}, "fitted": {}}
            for language, text in HELD_OUT.items():
                table = self.kokoro.style(self.backend.base_weights(clone_state, language))
                audio["base"][language] = self.backend.speak(text, table)
                audio["fitted"][language] = self.backend.speak(text, with_decoder(table, decoder))
            variants = {
                "base": audio["base"],
                "dsp": {k: WorldConverter(v, SAMPLE_RATE).render(params) for k, v in audio["base"].items()},
                "fitted": audio["fitted"],
                "fitted_world": {k: WorldConverter(v, SAMPLE_RATE).render(params) for k, v in audio["fitted"].items()},
            }
            held_out = {name: self._score(parts, references) for name, parts in variants.items()}
            zh_table = self.kokoro.style(self.backend.base_weights(clone_state, "zh"))
            heard = {"base": [], "fitted": []}  # type: dict[str, list[float]]
            for sentence in ZH_GATE:
                for kind, table in (("base", zh_table), ("fitted", with_decoder(zh_table, decoder))):
                    spoken = audio[kind]["zh"] if sentence == HELD_OUT["zh"] else self.backend.speak(sentence, table)
                    heard[kind].append(cer(sentence, self.asr.transcribe(spoken, SAMPLE_RATE, "zh").text))
        state.seconds += time.perf_counter() - started
        cer_base, cer_fitted = (float(np.mean(heard[k])) for k in ("base", "fitted"))
        return choose(state, held_out, cer_base, cer_fitted, self.settings.enroll_zh_cer_margin)

    def _score(self, parts: dict[str, np.ndarray], references: dict[str, np.ndarray]) -> EncoderSimilarity:
        speech = np.concatenate(list(parts.values()))
        return EncoderSimilarity(
            resemblyzer=round(
                self.encoder.similarity(self.encoder.embed(speech, SAMPLE_RATE), references["resemblyzer"]), 4
            ),
            voicefilter=round(
                self.judge.similarity(self.judge.embed(speech, SAMPLE_RATE), references["voicefilter"]), 4
            ),
        )


def best_start(halves: list[np.ndarray], similarity: Callable[[np.ndarray], float]) -> tuple[np.ndarray, float]:
    """The closest of the shipped decoder halves and of the average of the two closest (the base style was
    chosen for the DSP clone, with WORLD's pitch mapping on top: a female reference was measured closer to
    two female styles' average, 0.54, than to the male base, 0.44, that its DSP clone starts from)."""
    scored = sorted(((similarity(h), i) for i, h in enumerate(halves)), reverse=True)
    (first, a), (_, b) = scored[0], scored[1]
    blend = (halves[a] + halves[b]) / 2
    blended = similarity(blend)
    return (blend, blended) if blended > first else (halves[a], first)


def choose(
    state: SearchState, held_out: dict[str, EncoderSimilarity], cer_base: float, cer_fitted: float, zh_margin: float
) -> EnrollmentOutcome:
    """What the profile speaks with: the variant best on both encoders together among those at least as close
    as the base on each (the base always qualifies), with Chinese only where the fitted voice passed the gate."""
    base = held_out["base"]

    def eligible(name: str) -> bool:
        s = held_out[name]
        return s.resemblyzer >= base.resemblyzer and s.voicefilter >= base.voicefilter

    def merit(name: str) -> float:
        return held_out[name].resemblyzer + held_out[name].voicefilter

    zh_ok = cer_fitted <= cer_base + zh_margin + 1e-9
    dsp_helps = eligible("dsp") and merit("dsp") > merit("base")
    # The best variant on both encoders together, among those at least as close as the base on each.
    chosen = max((name for name in held_out if eligible(name)), key=merit)
    languages: list[str] = []
    if chosen.startswith("fitted"):
        languages = ["en", "zh"] if zh_ok else ["en"]
        detail = f"fitted timbre kept ({', '.join(languages)})" + ("" if zh_ok else "; Chinese failed the gate")
    else:
        detail = f"the fitted timbre was not the closest on held-out text; kept {chosen}"
    return EnrollmentOutcome(
        state=state,
        held_out=held_out,
        chosen=chosen,
        languages=languages,
        world=chosen in ("fitted_world", "dsp"),
        zh_cer_base=round(cer_base, 4),
        zh_cer_fitted=round(cer_fitted, 4),
        detail=detail,
        dsp_helps=dsp_helps,
    )


def apply_outcome(backend_state: dict[str, Any], outcome: EnrollmentOutcome) -> dict[str, Any]:
    """The embedded backend's profile state after enrollment (see ``EmbeddedBackend.profile_voice``)."""
    state = dict(backend_state)
    state.pop("fitted", None)
    if outcome.languages:
        state["fitted"] = {
            "decoder": [round(float(v), 6) for v in outcome.state.best_x],
            "languages": outcome.languages,
            "world": outcome.world,
        }
    # Where the fitted timbre is not used (all languages, or Chinese after a failed gate), the stock base
    # keeps the WORLD clone only if it helped on held-out text.
    state["convert"] = outcome.dsp_helps
    return state
