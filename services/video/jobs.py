"""The ``video.render`` job (worker side): speech (synthesised or uploaded) -> frames -> MP4 + poster in S3 ->
gallery entry. Progress is reported per frame (the job context throttles the writes); cancellation is checked
between frames at most a few times a second (each check reads Redis)."""

from __future__ import annotations

import asyncio
import time

import numpy as np

from services.video import gallery
from services.video.avatars import AvatarRepository
from services.video.backends import RenderOptions, renderer_for
from services.video.encode import EncodeSettings, decode_png, write_jpeg
from services.video.render import load_speech, render_clip
from services.video.settings import VideoSettings
from services.video.speech_input import max_speech_seconds
from shared.clients import VoiceClient, upstream_http
from shared.contracts.video import Background, VideoRenderResult, VideoSummary
from shared.contracts.voice import SpeechRequest
from shared.jobs import JobContext, JobOutcome
from shared.pitch import shift_pitch_file

CANCEL_CHECK_INTERVAL_S = 0.25


def encode_settings(settings: VideoSettings) -> EncodeSettings:
    return EncodeSettings(crf=settings.encode_crf, preset=settings.encode_preset, audio_bitrate=settings.audio_bitrate)


def synthesize(settings: VideoSettings, request: SpeechRequest) -> bytes:
    """The speech of a render job, from the voice service (one call per job, so one client per call; the
    worker thread has no event loop of its own)."""

    async def call() -> bytes:
        async with upstream_http() as http:
            speech = await VoiceClient(http, settings.voice_base_url, settings.voice_timeout_s).synthesize(request)
            return speech.wav

    return asyncio.run(call())


def run_render(ctx: JobContext) -> JobOutcome:
    settings: VideoSettings = ctx.rt.settings  # type: ignore[assignment]
    inputs = ctx.inputs
    started = time.perf_counter()
    timings: dict[str, float] = {}

    ctx.progress(0.01, "loading avatar")
    assets = AvatarRepository(ctx.storage).load_assets(inputs["avatar_id"], settings.ernerf_cache_path)
    renderer = renderer_for(assets.avatar.kind)
    fps, size = int(inputs["fps"]), int(inputs["size"])
    background = Background(inputs.get("background", "keep"))
    background_image = None
    if inputs.get("background_key"):
        background_image = decode_png(ctx.storage.get_bytes(inputs["background_key"]))
    rgb = inputs.get("background_rgb") or (0, 177, 64)
    options = RenderOptions(
        size=size,
        fps=fps,
        background=background,
        background_rgb=(int(rgb[0]), int(rgb[1]), int(rgb[2])),
        background_image=background_image,
    )
    ctx.check_cancelled()

    t0 = time.perf_counter()
    semitones = float(inputs.get("pitch_semitones") or 0.0)
    if inputs.get("text"):
        ctx.progress(0.03, "synthesising speech")
        request = SpeechRequest(text=inputs["text"], voice_id=inputs["voice_id"], pitch_semitones=semitones)
        wav_bytes = synthesize(settings, request)
        source = ctx.workdir / "speech.wav"
        source.write_bytes(wav_bytes)
    else:
        ctx.progress(0.03, "loading audio")
        source = ctx.storage.download(inputs["audio_key"], ctx.workdir / "speech.wav")
        if abs(semitones) > 1e-3:
            source = shift_pitch_file(source, ctx.workdir / "shifted.wav", semitones)
    speech = load_speech(source, ctx.workdir, fps, max_seconds=max_speech_seconds(settings))
    timings["speech_s"] = time.perf_counter() - t0
    ctx.check_cancelled()

    t1 = time.perf_counter()
    session = renderer.open(assets, options)
    timings["prepare_s"] = time.perf_counter() - t1
    ctx.progress(0.1, f"rendering {speech.frames} frames")
    last_check = [time.monotonic()]

    def on_frame(done: int, total: int) -> None:
        ctx.progress(0.1 + 0.8 * done / total)
        now = time.monotonic()
        if now - last_check[0] >= CANCEL_CHECK_INTERVAL_S:
            last_check[0] = now
            ctx.check_cancelled()

    video_path = ctx.workdir / "video.mp4"
    stats = render_clip(session, speech, video_path, ctx.workdir, encode_settings(settings), on_frame=on_frame)
    timings["render_s"] = stats.render_s
    timings["encode_s"] = stats.encode_s
    ctx.check_cancelled()

    ctx.progress(0.92, "storing")
    poster_path = write_jpeg(ctx.workdir / "poster.jpg", _poster_frame(stats.first_frame, size))
    video = ctx.put_artifact("video.mp4", video_path, "video/mp4", duration_s=speech.duration, fps=fps, size=size)
    poster = ctx.put_artifact("poster.jpg", poster_path, "image/jpeg")
    timings["total_s"] = time.perf_counter() - started
    result = VideoRenderResult(
        avatar_id=assets.avatar.id,
        renderer=renderer.name,
        duration_s=round(speech.duration, 4),
        frames=stats.frames,
        fps=fps,
        size=size,
        render_fps=round(stats.frames / max(stats.render_s, 1e-6), 1),
        timings_s={k: round(v, 3) for k, v in timings.items()},
    )
    gallery.put_entry(
        ctx.storage,
        VideoSummary(
            id=ctx.job.id,
            avatar_id=assets.avatar.id,
            avatar_name=assets.avatar.name,
            created_at=ctx.job.created_at,
            duration_s=result.duration_s,
            fps=fps,
            size=size,
            text=(inputs.get("text") or None),
            video=video,
            poster=poster,
        ),
    )
    return JobOutcome(result=result.model_dump(), artifacts=[video, poster])


def _poster_frame(frame: np.ndarray | None, size: int) -> np.ndarray:
    return frame if frame is not None else np.zeros((size, size, 3), np.uint8)
