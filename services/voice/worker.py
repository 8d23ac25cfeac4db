"""Voice worker: ``python -m services.voice.worker`` consumes the voice queue (or ``voice.gpuN``).

The speech models are loaded once per process, in a background thread started by ``setup``: the worker takes
pitch-shift jobs at once, and a speech job waits until the models are in memory.
"""

from __future__ import annotations

import threading
from pathlib import Path

from services.voice import jobs, service, speech
from services.voice.asr import Transcriber
from services.voice.backends.embedded import EmbeddedBackend
from services.voice.enrollment import Enroller
from services.voice.profiles import ProfileStore
from services.voice.runtime import VoiceRuntime
from services.voice.settings import VoiceSettings
from services.voice.speaker import DVectorEncoder
from shared.errors import Conflict
from shared.jobs import JobContext, JobOutcome, job_actor, run_worker
from shared.jobs.worker import WorkerRuntime, runtime

MODEL_LOAD_TIMEOUT_S = 600.0
_enroller_lock = threading.Lock()


def setup(settings: VoiceSettings, rt: WorkerRuntime) -> None:
    voice_runtime = VoiceRuntime(settings, with_asr=False, warm_backend=False)
    voice_runtime.load_in_background()
    rt.resources["voice"] = voice_runtime
    rt.resources["profiles"] = ProfileStore(rt.storage, rt.jobs.redis, settings.key_prefix)


def run_speech(ctx: JobContext) -> JobOutcome:
    resources = runtime().resources
    voice_runtime: VoiceRuntime = resources["voice"]
    voice_runtime.wait_ready(MODEL_LOAD_TIMEOUT_S)
    return speech.run_speech_job(ctx, resources["voice"], resources["profiles"])


def enroller() -> Enroller:
    """The judge encoder and Whisper (for the Mandarin gate) load with the first enrollment, not at start-up:
    most worker processes never enrol a voice."""
    resources = runtime().resources
    with _enroller_lock:
        if "enroller" not in resources:
            voice_runtime: VoiceRuntime = resources["voice"]
            voice_runtime.wait_ready(MODEL_LOAD_TIMEOUT_S)
            backend = voice_runtime.backend
            if not isinstance(backend, EmbeddedBackend):
                raise Conflict("Enrollment needs the embedded backend.", code="enrollment_not_supported")
            settings = voice_runtime.settings
            judge = DVectorEncoder()
            judge.load()
            asr = Transcriber(Path(settings.model_cache_dir), settings.asr_threads, settings.asr_beam_size)
            asr.load()
            resources["enroller"] = Enroller(backend, judge, asr, settings, voice_runtime.compute)
        enrolling: Enroller = resources["enroller"]
        return enrolling


def run_enroll(ctx: JobContext) -> JobOutcome:
    return jobs.run_enrollment(ctx, runtime().resources["profiles"], enroller())


def register_actors(settings: VoiceSettings) -> None:
    queue = settings.queue_name()
    job_actor(service.PITCH_SHIFT_KIND, queue=queue, time_limit_s=settings.job_time_limit_s)(jobs.run_pitch_shift)
    job_actor(speech.SPEECH_KIND, queue=queue, time_limit_s=settings.job_time_limit_s)(run_speech)
    job_actor(jobs.ENROLL_KIND, queue=queue, time_limit_s=settings.job_time_limit_s)(run_enroll)


def main() -> None:
    settings = VoiceSettings()
    run_worker(settings, register_actors=lambda: register_actors(settings), setup=lambda rt: setup(settings, rt))


if __name__ == "__main__":
    main()
