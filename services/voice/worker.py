"""Voice worker: ``python -m services.voice.worker`` consumes the voice queue (or ``voice.gpuN``)."""

from __future__ import annotations

from services.voice import service
from services.voice.settings import VoiceSettings
from shared.jobs import job_actor, run_worker


def register_actors(settings: VoiceSettings) -> None:
    queue = settings.queue_name()
    job_actor(service.PITCH_SHIFT_KIND, queue=queue, time_limit_s=settings.job_time_limit_s)(
        service.run_pitch_shift
    )


def main() -> None:
    settings = VoiceSettings()
    run_worker(settings, register_actors=lambda: register_actors(settings))


if __name__ == "__main__":
    main()
