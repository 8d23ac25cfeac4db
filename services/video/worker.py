"""Video worker: ``python -m services.video.worker`` consumes the video queue (render jobs)."""

from __future__ import annotations

import cv2

from services.video import jobs, service
from services.video.settings import VideoSettings
from shared.jobs import job_actor, run_worker
from shared.jobs.worker import WorkerRuntime


def register_actors(settings: VideoSettings) -> None:
    job_actor(service.RENDER_KIND, queue=settings.queue_name(), time_limit_s=settings.job_time_limit_s)(jobs.run_render)


def setup(settings: VideoSettings, rt: WorkerRuntime) -> None:
    # One renderer thread per job: the worker runs `worker_threads` jobs side by side, and OpenCV's own
    # thread pool would only fight them for the same cores.
    cv2.setNumThreads(max(1, settings.render_threads))


def main() -> None:
    settings = VideoSettings()
    run_worker(settings, register_actors=lambda: register_actors(settings), setup=lambda rt: setup(settings, rt))


if __name__ == "__main__":
    main()
