"""Speech synthesis: validate and plan a request, synthesise sentence by sentence, and deliver the audio
whole, as a stream, or as a job artifact.

Everything that can fail because of the input (text, voice, language, options) is checked in
:func:`plan_speech`, before any audio is produced: a stream that has started cannot turn into a 4xx.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import anyio
import numpy as np

from services.voice.backends import SynthesisOptions, VoiceTarget
from services.voice.dsp.audio_io import encode, resample, wav_header
from services.voice.profiles import PROFILE_ID, ProfileContext, ProfileStore
from services.voice.runtime import VoiceRuntime
from services.voice.text import Segment, prepare_text, split_for_streaming
from shared.contracts.voice import SpeechRequest, SpeechResult
from shared.errors import InvalidInput, NotFound, PayloadTooLarge
from shared.jobs import JobContext, JobOutcome

SPEECH_KIND = "voice.speech"
# The rate announced for audio that has no chunk to take it from (Kokoro's, the default engine's).
DEFAULT_RATE = 24000


@dataclass
class SpeechPlan:
    request: SpeechRequest
    segments: list[Segment]
    target: VoiceTarget
    options: SynthesisOptions
    language: str


@dataclass
class RenderedSpeech:
    audio: np.ndarray
    sample_rate: int
    similarity: float | None
    seconds: float
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def duration(self) -> float:
        return len(self.audio) / self.sample_rate if self.sample_rate else 0.0


def resolve_voice(runtime: VoiceRuntime, store: ProfileStore, voice_id: str) -> VoiceTarget:
    builtin = runtime.builtin_voices.get(voice_id)
    if builtin is not None:
        return VoiceTarget(voice_id, builtin=builtin)
    if not PROFILE_ID.match(voice_id):
        raise NotFound(f"No voice {voice_id!r}.", code="voice_not_found")
    return VoiceTarget(voice_id, profile=ProfileContext(store, store.get(voice_id)))


def plan_speech(runtime: VoiceRuntime, store: ProfileStore, request: SpeechRequest, max_chars: int) -> SpeechPlan:
    """All the checks, in the order a client would want to hear about them. Blocking (reads S3)."""
    if len(request.text) > max_chars:
        raise PayloadTooLarge(
            f"The text has {len(request.text)} characters; the limit is {max_chars}.", code="text_too_long"
        )
    segments = prepare_text(request.text, request.language)
    runtime.require_ready()
    target = resolve_voice(runtime, store, request.voice_id)
    unsupported = sorted({s.language for s in segments} - set(target.languages))
    if unsupported:
        raise InvalidInput(
            f"Voice {request.voice_id} cannot speak {', '.join(unsupported)}.", code="unsupported_language"
        )
    if request.instruct and not getattr(runtime.backend, "supports_instruct", False):
        raise InvalidInput(
            f"The {runtime.backend.name} backend does not follow style instructions.", code="instruct_not_supported"
        )
    if request.stream:
        segments = split_for_streaming(segments)
    options = SynthesisOptions(
        speed=request.speed, pitch_semitones=request.pitch_semitones, instruct=request.instruct, clone=request.clone
    )
    languages = {s.language for s in segments}
    language = "zh" if "zh" in languages else "en"
    return SpeechPlan(request, segments, target, options, language)


def iter_audio(runtime: VoiceRuntime, plan: SpeechPlan) -> Iterator[tuple[np.ndarray, int]]:
    """Yield (audio, rate) per synthesised chunk, with a pause before each sentence but the first.

    The process-wide compute lock is held only while a chunk is computed, never while the consumer sends it,
    so a slow client cannot stall other requests; engines that stream inside a sentence (CosyVoice) pass
    each piece on as soon as it exists."""
    pause = runtime.settings.sentence_pause_s
    target_rate = plan.request.sample_rate
    first = True
    for segment in plan.segments:
        chunks = iter(runtime.backend.synthesize(segment, plan.target, plan.options))
        index = 0
        while True:
            with runtime.compute:
                chunk = next(chunks, None)
            if chunk is None:
                break
            rate = target_rate or chunk.sample_rate
            audio = resample(chunk.audio, chunk.sample_rate, rate)
            if index == 0 and not first:
                audio = np.concatenate([np.zeros(int(pause * rate), np.float32), audio])
            first = False
            index += 1
            yield audio, rate


async def open_stream(runtime: VoiceRuntime, plan: SpeechPlan, fmt: str) -> tuple[AsyncIterator[bytes], int]:
    """The speech of ``plan`` as a stream of ``fmt`` bytes, and its sample rate. The first chunk is made before
    returning: its rate is the stream's (Piper speaks at 22 050 Hz, Kokoro at 24 000), which the response's
    media type (`audio/L16;rate=`) must say, and a failure of the engine is still an HTTP error."""
    chunks = iter_audio(runtime, plan)
    first = await anyio.to_thread.run_sync(next, chunks, None)
    rate = first[1] if first is not None else plan.request.sample_rate or DEFAULT_RATE
    return encoded_stream(chunks, first, fmt), rate


async def encoded_stream(
    chunks: Iterator[tuple[np.ndarray, int]], first: tuple[np.ndarray, int] | None, fmt: str
) -> AsyncIterator[bytes]:
    """One piece per synthesised chunk (``first`` already made), each next one produced in a worker thread as
    the client reads. WAV gets one header (of unknown length) before the PCM; the other formats chain."""
    if first is None:  # nothing to say: an empty stream (a WAV header alone for wav)
        if fmt == "wav":
            yield wav_header(DEFAULT_RATE)
        return
    item: tuple[np.ndarray, int] | None = first
    header_sent = False
    while item is not None:
        audio, rate = item
        if fmt == "wav":
            body = await anyio.to_thread.run_sync(encode, audio, rate, "pcm")
            yield (b"" if header_sent else wav_header(rate)) + body
            header_sent = True
        else:
            yield await anyio.to_thread.run_sync(encode, audio, rate, fmt)
        item = await anyio.to_thread.run_sync(next, chunks, None)


def render(runtime: VoiceRuntime, plan: SpeechPlan) -> RenderedSpeech:
    started = time.perf_counter()
    pieces: list[np.ndarray] = []
    rate = plan.request.sample_rate or DEFAULT_RATE
    for audio, chunk_rate in iter_audio(runtime, plan):
        pieces.append(audio)
        rate = chunk_rate
    audio = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
    seconds = time.perf_counter() - started
    return RenderedSpeech(audio, rate, measure_similarity(runtime, plan, audio, rate), seconds)


def measure_similarity(runtime: VoiceRuntime, plan: SpeechPlan, audio: np.ndarray, rate: int) -> float | None:
    """Cosine similarity of the output to the profile's reference (profiles only)."""
    profile = plan.target.profile
    if profile is None or not profile.manifest.embedding or len(audio) < rate * 0.3:
        return None
    with runtime.compute:
        embedding = runtime.speaker.embed(audio, rate)
    return round(runtime.speaker.similarity(embedding, profile.embedding), 4)


def response_headers(plan: SpeechPlan, rendered: RenderedSpeech | None, backend: str) -> dict[str, str]:
    cloned = plan.target.profile is not None and plan.options.clone
    headers = {
        "X-Voice-Engine": plan.target.builtin.engine if plan.target.builtin else backend,
        "X-Voice-Cloned": "true" if cloned else "false",
        "X-Voice-Language": plan.language,
    }
    if rendered is not None:
        headers["X-Audio-Duration"] = f"{rendered.duration:.3f}"
        headers["X-Sample-Rate"] = str(rendered.sample_rate)
        headers["X-Synthesis-Seconds"] = f"{rendered.seconds:.3f}"
        if rendered.similarity is not None:
            headers["X-Speaker-Similarity"] = f"{rendered.similarity:.4f}"
    return headers


# -- job ---------------------------------------------------------------------------------------------------


def run_speech_job(ctx: JobContext, runtime: VoiceRuntime, store: ProfileStore) -> JobOutcome:
    """Worker side of ``POST /api/v1/speech/jobs``: synthesise sentence by sentence with progress, then
    store ``speech.wav`` (and the requested format when it is not WAV)."""
    request = SpeechRequest.model_validate(ctx.inputs["request"])
    ctx.progress(0.02, "preparing text")
    plan = plan_speech(runtime, store, request.model_copy(update={"stream": False}), 10**9)
    started = time.perf_counter()
    pieces: list[np.ndarray] = []
    rate = request.sample_rate or DEFAULT_RATE
    total = len(plan.segments)
    for index, (audio, chunk_rate) in enumerate(iter_audio(runtime, plan)):
        pieces.append(audio)
        rate = chunk_rate
        ctx.check_cancelled()
        ctx.progress(0.05 + 0.85 * min(1.0, (index + 1) / total), f"sentence {min(index + 1, total)}/{total}")
    audio = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
    synthesis_seconds = time.perf_counter() - started
    ctx.progress(0.92, "measuring")
    similarity = measure_similarity(runtime, plan, audio, rate)
    path = ctx.workdir / "speech.wav"
    path.write_bytes(encode(audio, rate, "wav"))
    artifacts = [ctx.put_artifact("speech.wav", path, "audio/wav")]
    if request.format not in ("wav",):
        from services.voice.dsp.audio_io import media_type

        extra = ctx.workdir / f"speech.{request.format}"
        extra.write_bytes(encode(audio, rate, request.format))
        artifacts.append(ctx.put_artifact(extra.name, extra, media_type(request.format, rate)))
    result = SpeechResult(
        voice_id=request.voice_id,
        backend=runtime.backend.name,
        language=plan.language,
        duration_s=round(len(audio) / rate, 3),
        sample_rate=rate,
        sentences=total,
        speaker_similarity=similarity,
        synthesis_seconds=round(synthesis_seconds, 3),
    )
    return JobOutcome(result=result.model_dump(), artifacts=artifacts)
