"""Trainer worker: ``python -m services.trainer.worker`` consumes the trainer queue (``trainer``, or
``trainer.gpuN`` for a worker pinned to a GPU): identity-dataset preprocessing and ER-NeRF training jobs."""

from __future__ import annotations

from services.trainer import jobs, service, training_jobs, training_service
from services.trainer.settings import TrainerSettings
from shared.jobs import job_actor, run_worker


def register_actors(settings: TrainerSettings) -> None:
    job_actor(service.DATASET_KIND, queue=settings.queue_name(), time_limit_s=settings.job_time_limit_s)(
        jobs.run_dataset
    )
    job_actor(training_service.TRAINING_KIND, queue=settings.queue_name(), time_limit_s=settings.training_time_limit_s)(
        training_jobs.run_training
    )


def main() -> None:
    settings = TrainerSettings()
    run_worker(settings, register_actors=lambda: register_actors(settings))


if __name__ == "__main__":
    main()
