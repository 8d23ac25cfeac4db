"""Voice worker: ``python -m services.voice.worker`` consumes the voice queue (or ``voice.gpuN``).

The speech models are loaded once per process, in a background thread started by ``setup``: the worker takes
pitch-shift jobs at once, and a speech job waits until the models are in memory.
"""

from __future__ import annotations

from services.voice import jobs, service, speech
from services.voice.profiles import ProfileStore
from services.voice.runtime import VoiceRuntime
from services.voice.settings import VoiceSettings
from shared.jobs import JobContext, JobOutcome, job_actor, run_worker
from shared.jobs.worker import WorkerRuntime, runtime

MODEL_LOAD_TIMEOUT_S = 600.0


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


def register_actors(settings: VoiceSettings) -> None:
    queue = settings.queue_name()
    job_actor(service.PITCH_SHIFT_KIND, queue=queue, time_limit_s=settings.job_time_limit_s)(jobs.run_pitch_shift)
    job_actor(speech.SPEECH_KIND, queue=queue, time_limit_s=settings.job_time_limit_s)(run_speech)


def main() -> None:
    settings = VoiceSettings()
    run_worker(settings, register_actors=lambda: register_actors(settings), setup=lambda rt: setup(settings, rt))


if __name__ == "__main__":
    main()
