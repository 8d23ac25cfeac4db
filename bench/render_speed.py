"""Portrait animator speed: frames per second on ONE core at 512x512 (and other sizes), excluding encode, and the
whole render job (speech + animation + H.264/AAC encode + upload) per second of output through the real stack.
Targets: >= 50 fps per core at 512x512; whole job faster than real time (seconds per output second < 1).

Run: ``.venv/bin/python bench/render_speed.py [--frames 500] [--sizes 512,256] [--no-job]``
The per-core figure pins OpenCV (and BLAS) to one thread. The job part starts its own stack (redis-server, S3,
voice + video services and workers, gateway) on free ports; it speaks a text through the voice service when
that offers ``POST /api/v1/speech``, else it renders uploaded speech (and says so).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import io
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from services.video.audio import extract_features
from services.video.avatars import prepare_avatar
from services.video.backends import AvatarAssets, RenderOptions, get_renderer
from services.video.face import FaceAnalyzer
from services.video.photos import Photo
from services.video.settings import VideoSettings
from shared.contracts.video import Avatar

TEXT = (
    "Good morning, and welcome to the demonstration. This portrait is animated on an ordinary processor, "
    "from the speech alone. The lips follow the syllables, the eyes blink, and the head moves a little."
)


def speech() -> tuple[np.ndarray, int]:
    import moonshine_voice

    path = Path(moonshine_voice.__file__).parent / "assets" / "beckett.wav"
    audio, rate = sf.read(str(path), dtype="float32")
    return audio, rate


def astronaut_assets() -> AvatarAssets:
    import skimage.data

    analyzer = FaceAnalyzer()
    try:
        prepared = prepare_avatar(analyzer, Photo(rgb=skimage.data.astronaut(), format="PNG"), VideoSettings())
    finally:
        analyzer.close()
    now = datetime.now(UTC)
    avatar = Avatar(
        id="av_" + "b" * 32,
        name="bench",
        created_at=now,
        updated_at=now,
        size=prepared.crop.shape[0],
        image_width=512,
        image_height=512,
        has_matte=True,
    )
    return AvatarAssets(avatar=avatar, crop=prepared.crop, landmarks=prepared.landmarks, matte=prepared.matte)


def animator_fps(assets: AvatarAssets, size: int, frames: int, repeats: int = 3) -> tuple[float, float]:
    """(median fps, rig build seconds) of the animation alone on one thread."""
    audio, rate = speech()
    feats = extract_features(audio, rate, 25)
    feats = (feats * (frames // len(feats) + 1))[:frames]
    renderer = get_renderer("portrait")
    started = time.perf_counter()
    renderer.open(assets, RenderOptions(size=size, fps=25, seed=99))  # rig build, cached from here on
    build_s = time.perf_counter() - started
    rates = []
    for _ in range(repeats):
        session = renderer.open(assets, RenderOptions(size=size, fps=25, seed=99))
        for feature in feats[:10]:  # warm caches
            session.frame(feature)
        started = time.perf_counter()
        for feature in feats:
            session.frame(feature)
        rates.append(len(feats) / (time.perf_counter() - started))
    return statistics.median(rates), build_s


def whole_job(size: int) -> None:
    import httpx

    from scripts.devstack import Stack
    from tests.helpers import wait_job

    with tempfile.TemporaryDirectory() as var:
        stack = Stack(var_dir=Path(var), env_overrides={"LOG_LEVEL": "WARNING", "GATEWAY_RATE_LIMIT": ""})
        try:
            stack.start_all(services=("voice", "video"), workers=("voice", "video"))
            with httpx.Client(
                base_url=stack.gateway_url, timeout=300, headers={"Authorization": f"Bearer {stack.api_key}"}
            ) as api:
                import skimage.data

                _, png = cv2.imencode(".png", cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR))
                avatar = (
                    api.post("/api/v1/avatars", data={"name": "bench"}, files={"file": ("a.png", png.tobytes())})
                    .raise_for_status()
                    .json()
                )
                spec = api.get("/openapi.json").json()
                data: dict[str, str] = {"avatar_id": avatar["id"], "size": str(size), "fps": "25"}
                files: dict[str, tuple[str, bytes]] = {"_": ("", b"")}
                voices = api.get("/api/v1/voices") if "post" in spec["paths"].get("/api/v1/speech", {}) else None
                if voices is not None and voices.status_code == 200 and voices.json().get("items"):
                    items = voices.json()["items"]
                    voice = next((v["id"] for v in items if "joe" in v["id"]), items[0]["id"])
                    data.update(text=TEXT, voice_id=voice)
                    mode = f"text -> TTS ({voice})"
                else:
                    audio, rate = speech()
                    buf = io.BytesIO()
                    sf.write(buf, audio, rate, format="WAV")
                    files = {"audio": ("speech.wav", buf.getvalue())}
                    mode = "uploaded speech (the voice service has no POST /api/v1/speech yet: TTS not included)"
                started = time.perf_counter()
                job_id = api.post("/api/v1/videos/jobs", data=data, files=files).raise_for_status().json()["job"]["id"]
                job = wait_job(api, job_id, timeout=600)
                wall = time.perf_counter() - started
                if job["status"] != "succeeded":
                    raise SystemExit(f"render job {job['status']}: {job.get('error')}")
                result = job["result"]
                duration = result["duration_s"]
                print(f"whole job at {size}x{size}, 25 fps, {mode}:")
                print(
                    f"  output {duration:.2f} s; submit->succeeded {wall:.2f} s = {wall / duration:.3f} s per output"
                    f" second ({'faster' if wall < duration else 'SLOWER'} than real time)"
                )
                print(f"  inside the worker: {result['timings_s']}  (animation {result['render_fps']} fps)")
        finally:
            stack.stop_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--sizes", default="512,256")
    parser.add_argument("--job-size", type=int, default=512)
    parser.add_argument("--no-job", action="store_true")
    args = parser.parse_args()
    cv2.setNumThreads(1)
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} cores={len(os.sched_getaffinity(0))} "
        f"python={platform.python_version()} opencv={cv2.__version__} load={os.getloadavg()[0]:.2f}  "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    assets = astronaut_assets()
    print(f"{'size':>6}{'fps/core':>10}{'ms/frame':>10}{'rig build s':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        fps, build = animator_fps(assets, size, args.frames)
        note = f"  (target >= 50: {'met' if fps >= 50 else 'NOT met'})" if size == 512 else ""
        print(f"{size:>6}{fps:>10.1f}{1000 / fps:>10.2f}{build:>13.3f}{note}")
    if not args.no_job:
        cv2.setNumThreads(0)
        whole_job(args.job_size)


if __name__ == "__main__":
    main()
