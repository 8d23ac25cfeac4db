"""ER-NeRF (pure PyTorch) speed: training iterations/s and peak memory per stage, and render frames/s after a
warm-up, with and without ``torch.compile``. Targets on one H100/H200-class GPU: >= 25 head-stage it/s and
>= 100 render fps at 512x512 with the `standard` preset.

Run (GPU, under 8 minutes): ``.venv/bin/python bench/ernerf_gpu.py``
Run (CPU figures): ``.venv/bin/python bench/ernerf_gpu.py --device cpu --quick``

The dataset is the synthetic talking head (test data) through the real preprocessing pipeline, built first and
not timed (``--dataset DIR`` reuses a prepared one). Each stage is its own run resumed from the previous stage's
checkpoint and capped in wall time (``--stage-seconds``), so the whole script stays within its budget whatever
the speed; it/s is measured after the first log interval (compilation and warm-up excluded).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build_synthetic(root: Path, seconds: float, size: int) -> Path:
    from services.trainer.dataset.pipeline import build_dataset
    from services.trainer.dataset.synthetic import write_clip
    from services.trainer.settings import DatasetLimits
    from shared.contracts.trainer import DatasetPreset

    clip = write_clip(root / "clip.mp4", seconds=seconds, size=size)
    limits = DatasetLimits(dataset_min_duration_s=1.0, dataset_min_face_px=32.0, dataset_min_sharpness=1.0)
    preset = DatasetPreset.standard if size > 128 else DatasetPreset.tiny
    limits = limits.model_copy(update={"dataset_size_standard": size, "dataset_size_tiny": min(size, 128)})
    build_dataset(clip.video, root / "dataset", preset=preset, limits=limits)
    return root / "dataset"


def past(deadline: float) -> bool:
    return time.perf_counter() > deadline


def train_stages(args, dataset: Path, work: Path, compiled: bool) -> tuple[list[dict], Path]:
    import torch

    from ernerf import ProgressEvent, TrainConfig, TrainingRun

    rows: list[dict] = []
    checkpoint: Path | None = None
    cuda = args.device.startswith("cuda")
    for stage, iterations in (("head", args.head), ("lips", args.lips), ("torso", args.torso)):
        config = TrainConfig(
            preset=args.preset,
            stages=(stage,),  # type: ignore[arg-type]
            iterations={stage: iterations},  # type: ignore[dict-item]
            device=args.device,
            log_every=args.log_every,
            validate_every=10**9,
            preview_every=10**9,
            checkpoint_every=10**9,
            compile=compiled,
            threads=args.threads if args.device == "cpu" else None,
        )
        events: list[ProgressEvent] = []
        start = time.perf_counter()
        if cuda:
            torch.cuda.reset_peak_memory_stats()
        run = TrainingRun(dataset, config, work / stage, resume_from=checkpoint)
        result = run.run(events.append, partial(past, start + args.stage_seconds))
        checkpoint = result.checkpoint
        timed = events[1:] if len(events) > 1 else events
        its = sum(args.log_every for _ in timed)
        seconds = sum(args.log_every / e.it_per_s for e in timed)
        rows.append(
            {
                "stage": stage,
                "compile": compiled,
                "iterations": events[-1].iteration if events else 0,
                "it_per_s": round(its / seconds, 2) if seconds else None,
                "peak_mem_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if cuda else None,
                "last_loss": round(events[-1].loss, 5) if events else None,
                "wall_s": round(time.perf_counter() - start, 1),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    assert checkpoint is not None
    return rows, checkpoint


def render_speed(args, checkpoint: Path, compiled: bool) -> dict:
    import numpy as np
    import torch

    from ernerf import AvatarRuntime

    runtime = AvatarRuntime.load(checkpoint, device=args.device)
    if compiled:
        runtime.avatar.compile()
    session = runtime.session()
    audio = np.random.default_rng(0).normal(size=(args.warmup + args.frames, 16, 32)).astype(np.float32)
    for i in range(args.warmup):
        session.frame(audio[i])
    if args.device.startswith("cuda"):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    start = time.perf_counter()
    for i in range(args.frames):
        session.frame(audio[args.warmup + i])  # returns a uint8 array: the GPU work is finished
    seconds = time.perf_counter() - start
    row = {
        "render": f"{runtime.size[1]}x{runtime.size[0]}",
        "compile": compiled,
        "fps": round(args.frames / seconds, 2),
        "peak_mem_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if args.device.startswith("cuda") else None,
    }
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda:0")
    parser.add_argument("--quick", action="store_true", help="tiny sizes for a CPU figure (tiny preset, 128 px)")
    parser.add_argument("--dataset", type=Path, help="a prepared dataset directory (default: build the synthetic)")
    parser.add_argument("--no-compile", action="store_true", help="skip the torch.compile pass")
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (CPU runs)")
    args = parser.parse_args()
    quick = args.quick
    args.preset = "tiny" if quick else "standard"
    args.size = 128 if quick else 512
    args.seconds = 3.0 if quick else 8.0
    args.head, args.lips, args.torso = (60, 20, 40) if quick else (2000, 400, 1000)
    args.log_every = 10 if quick else 50
    args.stage_seconds = 60.0 if quick else 40.0
    args.warmup, args.frames = (2, 5) if quick else (10, 50)

    import torch

    if args.device == "cpu":
        torch.set_num_threads(args.threads)
    card = torch.cuda.get_device_name(0) if args.device.startswith("cuda") else platform.processor() or "cpu"
    print(f"# ernerf bench {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {card} ({args.device}), torch {torch.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        dataset = args.dataset or build_synthetic(root, args.seconds, args.size)
        print(f"# dataset ready in {time.perf_counter() - start:.1f} s", flush=True)
        results: dict = {"card": card, "device": args.device, "preset": args.preset, "train": [], "render": []}
        modes = [False] if args.no_compile or args.device == "cpu" else [False, True]
        for compiled in modes:
            rows, checkpoint = train_stages(args, dataset, root / f"work-{int(compiled)}", compiled)
            results["train"] += rows
            results["render"].append(render_speed(args, checkpoint, compiled))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
