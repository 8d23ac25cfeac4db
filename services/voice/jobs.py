"""The voice service's pitch-shift job (worker side); the speech job is speech.py's ``run_speech_job``."""

from __future__ import annotations

import numpy as np
import soundfile as sf

from shared.contracts.voice import PitchShiftResult
from shared.jobs import JobContext, JobOutcome
from shared.pitch import median_f0, shift_pitch_chunked


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
