"""The default CPU backend: Kokoro-82M (zh + en) and Piper joe (en), with a DSP cloning stage.

Cloning, once per profile (:meth:`EmbeddedBackend.prepare_profile`):
1. rank Kokoro's shipped styles by how close their voice is to the reference speaker (resemblyzer cosine
   of a calibration sentence, cached on disk per style), and try the best one and a blend of the best two;
2. for each, synthesise the calibration sentence, analyse it with WORLD once, and render a small grid of
   spectral-warp factors and equaliser strengths with the reference's log-F0 statistics;
3. keep the combination whose output is measurably closest to the reference, and record both the base
   and the cloned similarity.
Every later utterance is synthesised with the chosen style and converted with the chosen parameters.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from services.voice.backends import AudioChunk, BuiltinVoice, SynthesisOptions, VoiceTarget
from services.voice.backends.kokoro import SAMPLE_RATE, STYLE_NAMES, STYLES, KokoroEngine, with_decoder
from services.voice.backends.piper import PiperEngine
from services.voice.dsp.clone import CloneParams, WorldConverter, analyse, fit_equaliser, stats_of
from services.voice.profiles import ProfileContext
from services.voice.settings import VoiceSettings
from services.voice.speaker import SpeakerEncoder
from services.voice.text import Segment
from shared.contracts.voice import CloneInfo
from shared.errors import InvalidInput
from shared.pitch import shift_pitch

log = logging.getLogger(__name__)

CALIBRATION = {
    "en": "The quick brown fox jumps over the lazy dog, and then it runs all the way back home.",
    "zh": "今天天气很好，我们一起去公园散步，然后回家吃一顿简单的晚饭吧。",
}
WARP_GRID = (0.86, 0.93, 1.0, 1.07, 1.14)
EQ_GRID = (0.0, 0.5, 1.0)
# With VOICE_CLONE_BLEND, also try a 50/50 blend of the two closest styles when they are this close (costs
# two Kokoro syntheses per profile; the single style needs none, its calibration audio is cached).
BLEND_MARGIN = 0.06
# Similarity given up per unit of warp away from 1: large formant shifts buy little similarity on some voices
# but cost intelligibility (measured: +8 points of Chinese CER for +0.005 similarity on one reference).
WARP_PENALTY = 0.2
PIPER_VOICE = BuiltinVoice("piper-joe", "Joe (US English, Piper)", "piper", ("en",))
# The shipped styles are Japanese speakers; in Mandarin they differ a lot. Character error rate of Whisper base
# on 32 everyday sentences: jf_nezumi 6.4 %, jf_gongitsune 7.8 %, jm_kumo 9.1 %, jf_alpha 14.4 %. A profile's
# Chinese base is chosen among the intelligible ones only (the closest to the speaker).
ZH_STYLES = ("jf_nezumi", "jf_gongitsune", "jm_kumo")
# The tones live in the prosody half of the style vector: a style that is hard to understand in Mandarin speaks
# it with its own timbre and the prosody half of the most intelligible style of its sex (docs/benchmarks.md).
ZH_PROSODY = {"jf_alpha": "jf_nezumi", "jf_tebukuro": "jf_nezumi"}


def _merit(similarity: float, params: CloneParams) -> float:
    return similarity - WARP_PENALTY * abs(params.warp - 1.0)


def builtin_kokoro_voices() -> list[BuiltinVoice]:
    return [BuiltinVoice(f"kokoro-{s}", f"{STYLE_NAMES[s]} (Kokoro)", "kokoro", ("zh", "en")) for s in STYLES]


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, settings: VoiceSettings, speaker: SpeakerEncoder) -> None:
        self.settings = settings
        self.speaker = speaker
        self.cache_dir = Path(settings.model_cache_dir)
        self.kokoro = KokoroEngine(self.cache_dir, settings.threads, settings.kokoro_graph)
        self.piper = PiperEngine()
        self._loaded = False
        self._error: str | None = None
        self._calibration: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] = {}
        self._calibration_lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------------------
    def load(self) -> None:
        try:
            self.kokoro.load()
            self.piper.load()
        except Exception as exc:
            self._error = str(exc)
            raise
        self._loaded = True

    def check_ready(self) -> None:
        if not self._loaded:
            raise RuntimeError(self._error or "loading Kokoro and Piper")

    def warm_up(self) -> None:
        """Run every stage once (onnxruntime allocations, espeak, jieba, WORLD) and fill the style cache."""
        for language in CALIBRATION:
            self.calibration(language)
        self.piper.synthesize("Ready.")

    def builtin_voices(self) -> list[BuiltinVoice]:
        return [*builtin_kokoro_voices(), PIPER_VOICE]

    # -- base voices -------------------------------------------------------------------------------------
    def base_audio(self, text: str, weights: dict[str, float], speed: float = 1.0) -> np.ndarray:
        return self.speak(text, self.kokoro.style(weights), speed)

    def speak(self, text: str, table: np.ndarray, speed: float = 1.0) -> np.ndarray:
        return self.kokoro.synthesize(self.kokoro.phonemize(text), table, speed)

    def builtin_table(self, style: str, language: str) -> np.ndarray:
        """A built-in style's table; in Mandarin with the prosody half of an intelligible style."""
        prosody = ZH_PROSODY.get(style) if language == "zh" else None
        if prosody is None:
            return self.kokoro.style({style: 1.0})
        return self.kokoro.hybrid({style: 1.0}, {prosody: 1.0})

    def calibration(self, language: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Each shipped style speaking the calibration sentence: (audio, speaker embedding), cached on disk
        so the ranking costs nothing per profile and the best single style needs no synthesis."""
        with self._calibration_lock, FileLock(self.cache_dir / f".calibration-{language}.lock"):
            if language in self._calibration:
                return self._calibration[language]
            path = self.cache_dir / "calibration" / f"kokoro-styles-{language}-v2.npz"
            if path.exists():
                with np.load(path) as cached:
                    table = {s: (cached[f"audio_{s}"], cached[f"embedding_{s}"]) for s in STYLES}
            else:
                table = {}
                for style in STYLES:
                    audio = self.base_audio(CALIBRATION[language], {style: 1.0})
                    table[style] = (audio, self.speaker.embed(audio, SAMPLE_RATE))
                path.parent.mkdir(parents=True, exist_ok=True)
                partial = path.with_suffix(".tmp.npz")
                arrays = {f"{kind}_{s}": table[s][i] for s in STYLES for i, kind in enumerate(("audio", "embedding"))}
                np.savez(partial, **arrays)
                partial.replace(path)
            self._calibration[language] = table
            return table

    def style_embeddings(self, language: str) -> dict[str, np.ndarray]:
        return {style: embedding for style, (_, embedding) in self.calibration(language).items()}

    # -- cloning -----------------------------------------------------------------------------------------
    def prepare_profile(self, profile: ProfileContext) -> CloneInfo:
        reference, rate = profile.reference()
        target = profile.embedding
        language = profile.manifest.language if profile.manifest.language in CALIBRATION else "en"
        reference_stats = stats_of(analyse(reference, rate))
        table = self.calibration(language)
        for other in CALIBRATION:
            self.calibration(other)
        similarity_of = {s: self.speaker.similarity(table[s][1], target) for s in STYLES}
        ranked = sorted(STYLES, key=lambda s: -similarity_of[s])
        zh_table = self.calibration("zh")
        zh_style = max(ZH_STYLES, key=lambda s: self.speaker.similarity(zh_table[s][1], target))
        candidates = [{ranked[0]: 1.0}]
        if self.settings.clone_blend and similarity_of[ranked[0]] - similarity_of[ranked[1]] < BLEND_MARGIN:
            candidates.append({ranked[0]: 0.5, ranked[1]: 0.5})
        best: tuple[float, dict[str, float], CloneParams, float] | None = None
        for weights in candidates:
            # Both languages' calibration sentences (each in its base style): parameters that hold across
            # languages and texts.
            if len(weights) == 1:
                base = np.concatenate([self.calibration("en")[ranked[0]][0], zh_table[zh_style][0]])
            else:
                base = np.concatenate([self.base_audio(CALIBRATION["en"], weights), zh_table[zh_style][0]])
            base_similarity = self.speaker.similarity(self.speaker.embed(base, SAMPLE_RATE), target)
            converter = WorldConverter(base, SAMPLE_RATE)
            source = stats_of(converter.analysis)
            for similarity, params in self._search(converter, source, reference_stats, target):
                if best is None or _merit(similarity, params) > _merit(best[0], best[2]):
                    best = (similarity, weights, params, base_similarity)
        assert best is not None
        similarity, weights, chosen, base_similarity = best
        # When no conversion beats the plain base voice (WORLD resynthesis costs some similarity), keep the
        # base voice: the clone never makes the match worse than not cloning.
        convert = similarity > base_similarity
        state = {"styles": weights, "styles_zh": {zh_style: 1.0}, "params": chosen.to_dict(), "convert": convert}
        profile.set_backend_state(self.name, state, persist=False)
        return CloneInfo(
            base_voice="kokoro:" + "+".join(f"{k}*{v:g}" for k, v in weights.items()) + f" (zh: {zh_style})",
            base_similarity=round(base_similarity, 4),
            similarity=round(max(similarity, base_similarity), 4),
            f0_log_mean=round(chosen.f0_log_mean, 4),
            f0_log_std=round(chosen.f0_log_std, 4),
            warp=round(chosen.warp, 3),
        )

    def _search(
        self, converter: WorldConverter, source: Any, reference: Any, target: np.ndarray
    ) -> Iterator[tuple[float, CloneParams]]:
        """Measure a grid of warp × equaliser settings, then refine the warp around the best one."""
        budget = max(2, self.settings.clone_search_steps)
        scored: list[tuple[float, CloneParams]] = []

        def score(warp: float, strength: float) -> tuple[float, CloneParams]:
            params = CloneParams(
                f0_log_mean=reference.f0_log_mean,
                f0_log_std=reference.f0_log_std,
                source_f0_log_mean=source.f0_log_mean,
                source_f0_log_std=source.f0_log_std,
                warp=warp,
                eq_strength=strength,
                eq=fit_equaliser(reference.envelope, converter.warped_envelope_mean(warp), SAMPLE_RATE),
            )
            audio = converter.render(params)
            result = (self.speaker.similarity(self.speaker.embed(audio, SAMPLE_RATE), target), params)
            scored.append(result)
            return result

        grid = [(w, 0.0) for w in WARP_GRID]
        for warp, strength in grid[:budget]:
            score(warp, strength)
        best = max(scored, key=lambda item: _merit(*item))[1]
        for strength in EQ_GRID[1:]:
            score(best.warp, strength)
        best = max(scored, key=lambda item: _merit(*item))[1]
        for delta in (-0.035, 0.035):
            score(round(best.warp + delta, 3), best.eq_strength)
        yield from scored

    def clone_state(self, profile: ProfileContext) -> dict[str, Any]:
        state = profile.backend_state(self.name)
        if not state:  # created under another backend: do the once-per-profile work now and keep it
            info = self.prepare_profile(profile)
            profile.manifest.clone = info
            profile.set_backend_state(self.name, profile.backend_state(self.name))
            state = profile.backend_state(self.name)
        return state

    @staticmethod
    def base_weights(state: dict[str, Any], language: str) -> dict[str, float]:
        """The stock style a profile speaks ``language`` with (profiles made before the per-language choice
        have one style for both)."""
        return dict(state.get("styles_zh") or state["styles"]) if language == "zh" else dict(state["styles"])

    def profile_voice(self, profile: ProfileContext, language: str) -> tuple[np.ndarray, CloneParams | None]:
        """The style table and the WORLD conversion (None: none) a profile speaks ``language`` with: the fitted
        timbre where enrollment kept it for this language, else the stock base with the DSP clone."""
        state = self.clone_state(profile)
        table = self.kokoro.style(self.base_weights(state, language))
        fitted = state.get("fitted")
        if fitted and language in fitted.get("languages", ()):
            world = fitted.get("world", False)
            return with_decoder(table, np.asarray(fitted["decoder"], np.float32)), self._params(state, world)
        return table, self._params(state, state.get("convert", True))

    @staticmethod
    def _params(state: dict[str, Any], convert: bool) -> CloneParams | None:
        return CloneParams.from_dict(state["params"]) if convert else None

    # -- synthesis ---------------------------------------------------------------------------------------
    def synthesize(self, segment: Segment, target: VoiceTarget, options: SynthesisOptions) -> Iterator[AudioChunk]:
        if options.instruct:
            raise InvalidInput("Style instructions need the CosyVoice backend.", code="instruct_not_supported")
        if target.builtin is not None and target.builtin.engine == "piper":
            if segment.language != "en":
                raise InvalidInput(f"{target.voice_id} speaks English only.", code="unsupported_language")
            audio = self.piper.synthesize(segment.text, options.speed)
            rate = self.piper.sample_rate
            yield AudioChunk(shift_pitch(audio, rate, options.pitch_semitones), rate)
            return
        params: CloneParams | None = None
        if target.builtin is not None:
            table = self.builtin_table(target.builtin.id.removeprefix("kokoro-"), segment.language)
        else:
            assert target.profile is not None
            table, params = self.profile_voice(target.profile, segment.language)
        audio = self.speak(segment.text, table, options.speed)
        if len(audio) == 0:
            return
        if params is not None and options.clone:
            converted = WorldConverter(audio, SAMPLE_RATE).render(params, options.pitch_semitones)
            yield AudioChunk(converted, SAMPLE_RATE, {"cloned": True})
        else:
            yield AudioChunk(shift_pitch(audio, SAMPLE_RATE, options.pitch_semitones), SAMPLE_RATE)
