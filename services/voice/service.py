"""Voice service logic: accepting uploads and the work its jobs do."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf
from fastapi import UploadFile

from shared.contracts.common import Job
from shared.contracts.voice import PitchShiftResult
from shared.jobs import JobContext, JobOutcome, new_job_id
from shared.media import decode_audio
from shared.pitch import median_f0, shift_pitch_chunked
from shared.service_app import ServiceClients
from shared.storage import make_key
from shared.uploads import save_upload

PITCH_SHIFT_KIND = "voice.pitch_shift"


async def submit_pitch_shift(clients: ServiceClients, upload: UploadFile, semitones: float) -> Job:
    """Decode (422 if not audio), store the decoded input under the new job's id, then queue the job."""
    limits = clients.settings.limits
    job_id = new_job_id()
    with tempfile.TemporaryDirectory(prefix="pitch-") as tmp:
        src = await save_upload(upload, Path(tmp) / "upload.bin")
        wav = Path(tmp) / "input.wav"
        info = await clients.call(lambda: decode_audio(src, wav, max_seconds=limits.max_audio_seconds))
        input_key = make_key("jobs", job_id, "input.wav")
        await clients.call(clients.storage.put_file, input_key, wav, "audio/wav")
    try:
        return await clients.submit_job(
            PITCH_SHIFT_KIND,
            {
                "input_key": input_key,
                "semitones": semitones,
                "duration_s": info.duration,
                "filename": (upload.filename or "")[:200],
            },
            gpu_indices=[],
            job_id=job_id,
        )
    except Exception:
        await clients.call(clients.storage.delete, input_key)  # no orphaned input when the job is refused
        raise


def run_pitch_shift(ctx: JobContext) -> JobOutcome:
    """Worker side: download, shift with WORLD, upload the WAV, then report."""
    ctx.progress(0.05, "downloading input")
    src = ctx.storage.download(ctx.inputs["input_key"], ctx.workdir / "input.wav")
    audio, rate = sf.read(src, dtype="float32", always_2d=False)
    if audio.ndim > 1:
        audio = audio.mean(axis=1)
    ctx.check_cancelled()
    ctx.progress(0.2, "analysing pitch")
    semitones = float(ctx.inputs["semitones"])
    f0_in = median_f0(audio, rate)
    ctx.check_cancelled()

    def chunk_done(done: int, total: int) -> None:
        ctx.progress(0.2 + 0.6 * done / total, f"shifting pitch ({done}/{total})")
        ctx.check_cancelled()

    shifted = shift_pitch_chunked(audio, rate, semitones, on_chunk=chunk_done)
    ctx.progress(0.85, "measuring output")
    f0_out = median_f0(shifted, rate)
    out = ctx.workdir / "output.wav"
    sf.write(out, np.clip(shifted, -1.0, 1.0), rate, subtype="PCM_16")
    ctx.progress(0.9, "uploading")
    artifact = ctx.put_artifact("output.wav", out, "audio/wav")
    result = PitchShiftResult(
        semitones=semitones,
        duration_s=len(shifted) / rate,
        sample_rate=rate,
        input_median_f0_hz=round(f0_in, 2),
        output_median_f0_hz=round(f0_out, 2),
    )
    return JobOutcome(result=result.model_dump(), artifacts=[artifact])
