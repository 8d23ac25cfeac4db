#!/usr/bin/env python3
"""Write a compose override with one GPU worker per device and service, from GPU_DEVICES (e.g. ``0,1``).

    GPU_DEVICES=0,1 python3 deploy/gpu_workers.py > deploy/docker-compose.gpus.yml
    docker compose -f deploy/docker-compose.yml -f deploy/docker-compose.gpus.yml --env-file deploy/.env up -d

For device N and each GPU service S, the worker ``S-worker-gpuN`` extends ``S-worker-gpu`` of the main file:
it reserves host GPU N alone (``devices: !override``: extending would otherwise add N to the parent's
reservation), sees it as device 0 (``CUDA_VISIBLE_DEVICES=0``) and takes the queue ``S.gpuN``
(``S_GPU_INDEX=N``). The parent becomes the first device's worker, and each API lists every device in
``S_GPUS``, so every queue the API may route to has a worker and no worker waits on a queue nothing routes to.
Compose has no loops, hence a generator; it needs only the standard library (run it on the Docker host).
"""

from __future__ import annotations

import os
import sys

SERVICES = ("voice", "video", "trainer")


def parse_devices(text: str) -> list[int]:
    devices = [int(part) for part in text.replace(" ", "").split(",") if part]
    if not devices or len(set(devices)) != len(devices) or min(devices) < 0:
        raise ValueError(f"GPU_DEVICES must list distinct GPU indices, e.g. 0,1 (got {text!r})")
    return devices


def reservation(device: int) -> list[str]:
    return [
        "    deploy:",
        "      resources:",
        "        reservations:",
        "          devices: !override",
        "            - driver: nvidia",
        f'              device_ids: ["{device}"]',
        "              capabilities: [gpu]",
    ]


def render(devices: list[int]) -> str:
    listed = "[" + ",".join(str(d) for d in devices) + "]"
    lines = [
        f"# Written by deploy/gpu_workers.py for GPU_DEVICES={','.join(map(str, devices))}; do not edit, rerun it.",
        "services:",
    ]
    for service in SERVICES:
        prefix = service.upper()
        lines += [f"  {service}:", "    environment:", f'      {prefix}_GPUS: "{listed}"']
        first, *others = devices
        lines += [f"  {service}-worker-gpu:", "    environment:", f'      {prefix}_GPU_INDEX: "{first}"']
        lines += reservation(first)
        for device in others:
            lines += [
                f"  {service}-worker-gpu{device}:",
                "    extends:",
                "      file: docker-compose.yml",
                f"      service: {service}-worker-gpu",
                "    environment:",
                f'      {prefix}_GPU_INDEX: "{device}"',
                '      CUDA_VISIBLE_DEVICES: "0"',
            ]
            lines += reservation(device)
    return "\n".join(lines) + "\n"


def main() -> None:
    text = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GPU_DEVICES", "")
    try:
        sys.stdout.write(render(parse_devices(text)))
    except ValueError as err:
        sys.exit(str(err))


if __name__ == "__main__":
    main()
