"""Gateway overhead: latency (p50/p99) and throughput of one small request through the gateway vs straight
to the service, in the same run on the same machine. Target: gateway p50 <= 1.3x direct.

Run: ``.venv/bin/python bench/gateway_overhead.py [--requests 400] [--concurrency 8] [--path /api/v1/voices]``
It starts its own stack (redis-server, S3 server, voice service, gateway) on free ports and stops it after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.devstack import Stack


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def sequential(url: str, headers: dict[str, str], n: int) -> list[float]:
    latencies = []
    with httpx.Client(headers=headers, timeout=30) as client:
        for _ in range(20):  # warm connections and code paths
            client.get(url).raise_for_status()
        for _ in range(n):
            started = time.perf_counter()
            client.get(url).raise_for_status()
            latencies.append(time.perf_counter() - started)
    return latencies


async def concurrent(url: str, headers: dict[str, str], n: int, concurrency: int) -> float:
    async with httpx.AsyncClient(headers=headers, timeout=30) as client:
        semaphore = asyncio.Semaphore(concurrency)

        async def one() -> None:
            async with semaphore:
                (await client.get(url)).raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(n)))
        return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--path",
        action="append",
        help="service:path of a small GET (repeatable); default voice:/api/v1/voices (answered from memory) "
        "and video:/api/v1/avatars (an S3 listing, a typical small API call)",
    )
    parser.add_argument("--rate-limit", default="", help='GATEWAY_RATE_LIMIT for the run ("" = off)')
    args = parser.parse_args()
    paths = [p.split(":", 1) for p in (args.path or ["voice:/api/v1/voices", "video:/api/v1/avatars"])]
    services = tuple(sorted({service for service, _ in paths}))
    results: dict[str, dict[str, tuple[float, float, float]]] = {}
    with tempfile.TemporaryDirectory() as var:
        stack = Stack(var_dir=Path(var), env_overrides={"LOG_LEVEL": "WARNING", "GATEWAY_RATE_LIMIT": args.rate_limit})
        try:
            stack.start_all(services=services, workers=())
            auth = {"Authorization": f"Bearer {stack.api_key}"}
            for service, path in paths:
                targets = {"direct": f"{stack.service_url(service)}{path}", "gateway": f"{stack.gateway_url}{path}"}
                for name, url in targets.items():
                    lat = sequential(url, auth, args.requests)
                    rps = asyncio.run(concurrent(url, auth, args.requests, args.concurrency))
                    results.setdefault(path, {})[name] = (
                        statistics.median(lat) * 1000,
                        percentile(lat, 0.99) * 1000,
                        rps,
                    )
        finally:
            stack.stop_all()
    print(
        f"machine: {platform.machine()} cores={len(os.sched_getaffinity(0))} python={platform.python_version()}"
        f"  n={args.requests} c={args.concurrency} rate_limit={args.rate_limit or 'off'}"
    )
    print(f"{'path':<22}{'target':<10}{'p50 ms':>10}{'p99 ms':>10}{'req/s':>10}")
    for path, by_target in results.items():
        for name, (p50, p99, rps) in by_target.items():
            print(f"{path:<22}{name:<10}{p50:>10.2f}{p99:>10.2f}{rps:>10.0f}")
        d, g = by_target["direct"], by_target["gateway"]
        ratio = g[0] / d[0]
        print(
            f"{path:<22}gateway/direct: p50 x{ratio:.2f} (+{g[0] - d[0]:.2f} ms)  p99 x{g[1] / d[1]:.2f}"
            f"  throughput x{g[2] / d[2]:.2f}  (target p50 <= 1.3x: {'met' if ratio <= 1.3 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
