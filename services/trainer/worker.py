"""Trainer worker: ``python -m services.trainer.worker`` consumes the trainer queue (``trainer``, or
``trainer.gpuN`` for a worker pinned to a GPU): identity-dataset preprocessing jobs."""

from __future__ import annotations

from services.trainer import jobs, service
from services.trainer.settings import TrainerSettings
from shared.jobs import job_actor, run_worker


def register_actors(settings: TrainerSettings) -> None:
    job_actor(service.DATASET_KIND, queue=settings.queue_name(), time_limit_s=settings.job_time_limit_s)(
        jobs.run_dataset
    )


def main() -> None:
    settings = TrainerSettings()
    run_worker(settings, register_actors=lambda: register_actors(settings))


if __name__ == "__main__":
    main()
