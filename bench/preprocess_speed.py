"""Identity-dataset preprocessing speed: seconds of preprocessing per second of 512x512 input video, per stage.
Target: <= 3 s per input second on 2 cores.

Run: ``.venv/bin/python bench/preprocess_speed.py [--seconds 10] [--size 512] [--threads 2]``
The input is the synthetic talking head (test data, rendered first and not timed), encoded as H.264 + AAC; the
pipeline then runs with the `standard` preset (512 px frames), as a worker would run it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_S_PER_S = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the input clip")
    parser.add_argument("--size", type=int, default=512, help="side of the input video")
    parser.add_argument("--threads", type=int, default=2, help="torch and OpenCV threads")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))

    import cv2
    import torch

    from services.trainer.dataset.pipeline import build_dataset
    from services.trainer.dataset.synthetic import write_clip
    from services.trainer.settings import DatasetLimits
    from shared.contracts.trainer import DatasetPreset

    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    limits = DatasetLimits(dataset_min_duration_s=1.0)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        clip = write_clip(Path(tmp) / "clip.mp4", seconds=args.seconds, size=args.size)
        render_s = time.perf_counter() - started
        started = time.perf_counter()
        report = build_dataset(clip.video, Path(tmp) / "dataset", preset=DatasetPreset.standard, limits=limits)
        total = time.perf_counter() - started
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, load average {load:.1f}, threads {args.threads}")  # fmt: skip
    print(f"input: {args.seconds:.0f} s of {args.size}x{args.size} at 25 fps (synthetic head; render {render_s:.0f} s)")
    print("| stage | seconds | s per input second |")
    print("|---|---|---|")
    for stage, seconds in report.stage_seconds.items():
        print(f"| {stage} | {seconds:.2f} | {seconds / args.seconds:.3f} |")
    per_second = total / args.seconds
    print(f"| **total** | {total:.2f} | **{per_second:.2f}** |")
    verdict = "met" if per_second <= TARGET_S_PER_S else "NOT met"
    print(f"target <= {TARGET_S_PER_S:.0f} s per input second: {verdict}")
    print(f"frames kept {report.frames_kept}/{report.frames_total}, reprojection median "
          f"{report.reprojection_px.median if report.reprojection_px else float('nan'):.2f} px")  # fmt: skip


if __name__ == "__main__":
    main()
