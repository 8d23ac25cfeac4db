"""The voice service's pitch-shift and enrollment jobs (worker side); the speech job is speech.py's
``run_speech_job``."""

from __future__ import annotations

import json
import logging
from typing import Any

import numpy as np
import soundfile as sf

from services.voice.enrollment import Enroller, SearchState, apply_outcome
from services.voice.profiles import ProfileContext, ProfileStore
from shared.clock import utcnow
from shared.contracts.voice import EnrollmentInfo, EnrollmentResult, PitchShiftResult
from shared.errors import JobCancelled
from shared.jobs import JobContext, JobOutcome
from shared.pitch import median_f0, shift_pitch_chunked

log = logging.getLogger(__name__)


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


# -- enrollment ----------------------------------------------------------------------------------------------

ENROLL_KIND = "voice.enroll"
STATE_FILE = "enrollment-search.json"


def enrollment_key(prefix: str, voice_id: str) -> str:
    """Redis key naming the one enrollment job a profile may have (set by the API when it queues one)."""
    return f"{prefix}:voice:enroll:{voice_id}"


def record_enrollment(store: ProfileStore, voice_id: str, **fields: Any) -> EnrollmentInfo:
    """Update the profile's enrollment block on a fresh read of its manifest (the API may have renamed it)."""
    manifest = store.get(voice_id)
    info = manifest.enrollment or EnrollmentInfo(status="queued")
    info = info.model_copy(update={**fields, "updated_at": utcnow()})
    manifest.enrollment = info
    store.save(manifest)
    return info


def run_enrollment(ctx: JobContext, store: ProfileStore, enroller: Enroller) -> JobOutcome:
    """Worker side of ``POST /api/v1/voices/{id}/enrollment``: resume or start the search, judge, apply."""
    voice_id = str(ctx.inputs["voice_id"])
    prefix = ctx.rt.settings.key_prefix
    owner = store.redis.get(enrollment_key(prefix, voice_id)) if store.redis is not None else None
    owner_id = owner.decode() if isinstance(owner, bytes) else owner
    if owner_id is not None and owner_id != ctx.job.id:
        ctx.log(f"another enrollment job ({owner_id}) owns {voice_id}; this one stops")
        raise JobCancelled(ctx.job.id)
    profile = ProfileContext(store, store.get(voice_id))
    budget = enroller.settings.enroll_budget
    saved = profile.cache_get(STATE_FILE)
    loaded = SearchState.from_dict(json.loads(saved)) if saved else None
    if loaded is not None:
        ctx.log(f"resuming the search after {loaded.evaluations} of {budget} candidates")
    state = loaded or enroller.new_state(profile)
    resumed_from = loaded.evaluations if loaded is not None else None
    record_enrollment(
        store, voice_id, status="running", job_id=ctx.job.id, budget=budget, detail=None, resumed_from=resumed_from
    )

    def on_generation(current: SearchState) -> None:
        profile.cache_put(STATE_FILE, json.dumps(current.to_dict()).encode())
        fraction = 0.02 + 0.83 * min(1.0, current.evaluations / max(1, budget))
        ctx.progress(fraction, f"fitting: {current.evaluations}/{budget} candidates", force=True)
        record_enrollment(
            store,
            voice_id,
            status="running",  # also after the API's "queued", should the job have started before it was written
            job_id=ctx.job.id,
            progress=round(fraction, 3),
            evaluations=current.evaluations,
            training_similarity=round(current.best_similarity, 4),
            seconds=round(current.seconds, 1),
        )
        ctx.check_cancelled()

    try:
        ctx.check_cancelled()
        state = enroller.search(profile, state, on_generation)
        ctx.progress(0.86, "judging on held-out sentences", force=True)
        outcome = enroller.judge_variants(profile, state)
        ctx.check_cancelled()
    except JobCancelled:
        record_enrollment(store, voice_id, status="cancelled", detail="cancelled; starting it again resumes the search")
        raise
    except Exception as exc:
        record_enrollment(store, voice_id, status="failed", detail=f"{type(exc).__name__}: {exc}"[:300])
        raise
    manifest = store.get(voice_id)
    backend = enroller.backend.name
    manifest.backends[backend] = apply_outcome(manifest.backends.get(backend, {}), outcome)
    manifest.enrollment = (manifest.enrollment or EnrollmentInfo(status="running")).model_copy(
        update={
            "status": "succeeded",
            "job_id": ctx.job.id,
            "progress": 1.0,
            "evaluations": state.evaluations,
            "budget": budget,
            "training_similarity": round(state.best_similarity, 4),
            "held_out": outcome.held_out,
            "chosen": outcome.chosen,
            "languages": outcome.languages,
            "zh_cer_base": outcome.zh_cer_base,
            "zh_cer_fitted": outcome.zh_cer_fitted,
            "seconds": round(state.seconds, 1),
            "detail": outcome.detail,
            "updated_at": utcnow(),
        }
    )
    store.save(manifest)
    store.storage.delete(store.cache_key(voice_id, STATE_FILE))  # a later enrollment starts afresh
    log.info("enrollment of %s: %s", voice_id, outcome.detail)
    return JobOutcome(
        result=EnrollmentResult(voice_id=voice_id, enrollment=manifest.enrollment).model_dump(mode="json")
    )
