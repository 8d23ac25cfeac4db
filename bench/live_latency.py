"""Live avatar sessions (WebRTC) with the embedded stack, measured at an aiortc client on the same machine:

- time from a text message sent on the data channel, and from the end of the user's speech (a human recording
  sent as the microphone), to the first reply audio received and to the first mouth movement on the received
  video (face mesh);
- lip sync: the lag between the mouth opening on the received frames and the received audio envelope
  (cross-correlation peak, interpolated);
- barge-in: from the first sample of the user's speech sent while the avatar talks to its last loud audio frame
  received;
- frames: received rate, gaps over 200 ms (frozen video), while idle and while speaking;
- CPU of the video service per connected session at 256² and 512² (idle: rendering + encoding at 25 fps);
- how many concurrent 256² sessions at 25 fps the machine sustains (every session ≥ 22.5 fps, no gap > 200 ms).

Targets (2 cores, embedded engines): first audio ≤ 1.2 s after text, ≤ 2.0 s after end of speech; 0 frozen
frames > 200 ms; ≥ 2 concurrent sessions at 256².

Run: ``.venv/bin/python bench/live_latency.py [--runs 3] [--max-sessions 4]`` (starts its own stack).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.stack import bench_stack, print_machine
from scripts.devstack import Stack
from services.video.face import VideoFaceTracker
from tests.fixtures import speech_clip
from tests.live_client import LiveClient

PROMPTS = ["Hello! Who are you?", "Tell me something about the moon.", "What can we do on a rainy day?"]
FPS = 25


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def gaps(times: list[float]) -> tuple[float, int]:
    """Received frame rate and the number of gaps over 200 ms between frames."""
    t = np.array(times)
    if len(t) < 3:
        return 0.0, 0
    return (len(t) - 1) / (t[-1] - t[0]), int((np.diff(t) > 0.2).sum())


def mouth_track(client: LiveClient, start: float, end: float) -> tuple[np.ndarray, np.ndarray]:
    frames = [(at, rgb) for at, rgb in client.got.frames if start <= at <= end]
    tracker = VideoFaceTracker()
    try:
        measured = [(at, tracker.geometry(rgb)) for at, rgb in frames]
    finally:
        tracker.close()
    return (
        np.array([at for at, g in measured if g is not None]),
        np.array([g.mouth_gap for _, g in measured if g is not None]),
    )


def envelope(client: LiveClient, times: np.ndarray, window: float = 0.04) -> np.ndarray:
    arrivals = np.array([at for at, _ in client.got.audio])
    levels = np.array([float(np.sqrt(np.mean(pcm**2))) for _, pcm in client.got.audio])
    picked = [levels[(arrivals > t - window) & (arrivals <= t)] for t in times]
    return np.array([float(p.mean()) if p.size else 0.0 for p in picked])


def lip_lag_ms(times: np.ndarray, gap: np.ndarray, level: np.ndarray) -> tuple[float, float]:
    """Lag (ms, positive: the mouth moves after the sound) at the correlation peak, and that correlation."""
    lags = range(-4, 5)
    corr = []
    for lag in lags:
        a = gap[max(0, lag) : len(gap) + min(0, lag)]
        b = level[max(0, -lag) : len(level) + min(0, -lag)]
        corr.append(float(np.corrcoef(a, b)[0, 1]))
    i = int(np.argmax(corr))
    shift = 0.0
    if 0 < i < len(corr) - 1:  # parabolic interpolation of the peak
        y0, y1, y2 = corr[i - 1], corr[i], corr[i + 1]
        denom = y0 - 2 * y1 + y2
        shift = 0.5 * (y0 - y2) / denom if denom else 0.0
    step = float(np.median(np.diff(times))) if len(times) > 1 else 1 / FPS
    return (list(lags)[i] + shift) * step * 1000.0, corr[i]


async def one_reply(client: LiveClient, *, text: str | None = None, speech: bool = False) -> dict[str, Any]:
    await asyncio.sleep(0.8)  # the previous reply's last audio frames have arrived
    client.keep_frames = True
    client.got.frames.clear()
    began = time.monotonic()
    if text is not None:
        client.send({"type": "text", "text": text})
        origin = began
    else:
        audio, rate = speech_clip(3.2, silence_after=0.2)
        origin = client.mic.say(audio, rate) - 0.2  # the end of the speech itself
    done = await client.wait_event(lambda e: e["type"] == "reply.done", 120, since=began)
    end = client.event_time(lambda e: e["type"] == "reply.done", since=began) or time.monotonic()
    client.keep_frames = False
    first_audio = client.first_sound_after(origin if text is not None else origin + 0.05)
    times, gap = mouth_track(client, began, end)
    rest = float(np.median(gap[times < (first_audio or end)])) if (times < (first_audio or end)).any() else 0.0
    moved = times[(gap > rest + 0.08) & (times > origin)]
    result: dict[str, Any] = {
        "first_audio_s": (first_audio - origin) if first_audio else float("nan"),
        "first_mouth_s": (float(moved[0]) - origin) if len(moved) else float("nan"),
        "status": done["status"],
    }
    speaking = (times >= (first_audio or end)) & (times <= end)
    if speaking.sum() > 10:
        lag, corr = lip_lag_ms(times[speaking], gap[speaking], envelope(client, times[speaking]))
        result["lip_lag_ms"], result["lip_corr"] = lag, corr
    video_times = [t for t in client.got.video_times if began <= t <= end]
    result["fps"], result["gaps_over_200ms"] = gaps(video_times)
    return result


async def barge_in(client: LiveClient) -> float:
    sent = time.monotonic()
    client.send({"type": "text", "text": "Tell me a long story about the sea."})
    while client.first_sound_after(sent) is None:
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.5)
    audio, rate = speech_clip(1.5)
    onset = int(np.argmax(np.abs(audio) > 0.1 * np.abs(audio).max()))  # the first syllable, not leading silence
    spoke = client.mic.say(audio, rate) - (len(audio) - onset) / rate
    await client.wait_event(lambda e: e["type"] == "reply.done", 30, since=sent)
    await asyncio.sleep(0.5)
    loud = [at for at, pcm in client.got.audio if at > spoke and float(np.sqrt(np.mean(pcm**2))) > 0.01]
    await client.wait_event(lambda e: e["type"] == "reply.done", 60, since=spoke + 0.5)  # the barge-in's reply
    return (loud[-1] - spoke) if loud and loud[-1] < spoke + 2 else 0.0


def stats(values: list[float], unit: str = "s") -> str:
    values = [v for v in values if v == v]
    if not values:
        return "-"
    return (
        f"median {statistics.median(values):.2f} {unit} (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"
    )


async def cpu_per_session(stack: Stack, avatar_id: str, size: int, seconds: float = 8.0) -> tuple[float, float]:
    client = LiveClient(stack.gateway_url, stack.api_key)
    pid = stack.procs["video"].popen.pid
    try:
        await client.start(avatar_id=avatar_id, size=size, fps=FPS)
        await asyncio.sleep(2.0)
        before, began = cpu_seconds(pid), time.monotonic()
        mark = len(client.got.video_times)
        await asyncio.sleep(seconds)
        cores = (cpu_seconds(pid) - before) / (time.monotonic() - began)
        fps, _ = gaps(client.got.video_times[mark:])
        return cores, fps
    finally:
        await client.close()


async def concurrent(stack: Stack, avatar_id: str, count: int, seconds: float = 8.0) -> list[tuple[float, int]]:
    clients = [LiveClient(stack.gateway_url, stack.api_key) for _ in range(count)]
    try:
        for client in clients:
            await client.start(avatar_id=avatar_id, size=256, fps=FPS)
        await asyncio.sleep(2.0)
        marks = [len(c.got.video_times) for c in clients]
        await asyncio.sleep(seconds)
        return [gaps(c.got.video_times[m:]) for c, m in zip(clients, marks, strict=True)]
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


async def run(stack: Stack, avatar_id: str, api: httpx.Client, args: argparse.Namespace) -> None:
    llm = {"temperature": 0, "seed": 11, "max_tokens": 48}
    conv = api.post("/api/v1/conversations", json={"voice_id": "piper-joe", "language": "en", "llm": llm}).json()
    client = LiveClient(stack.gateway_url, stack.api_key)
    try:
        await client.start(avatar_id=avatar_id, conversation_id=conv["id"], size=256, fps=FPS)
        await asyncio.sleep(1.0)
        await one_reply(client, text="Hi!")  # warm-up
        texts = [await one_reply(client, text=PROMPTS[i % len(PROMPTS)]) for i in range(args.runs)]
        spoken = [await one_reply(client, speech=True) for _ in range(max(2, args.runs - 1))]
        barge = [await barge_in(client) for _ in range(2)]
    finally:
        await client.close()
    for label, results in (("text message", texts), ("end of speech", spoken)):
        print(f"\n== {label} -> reply (256x256@25) ==")
        print(f"  first reply audio received   {stats([r['first_audio_s'] for r in results])}")
        print(f"  first mouth movement         {stats([r['first_mouth_s'] for r in results])}")
        print(f"  lip lag (mouth after sound)  {stats([r.get('lip_lag_ms', float('nan')) for r in results], 'ms')}")
        print(f"  lip/audio correlation        {stats([r.get('lip_corr', float('nan')) for r in results], '')}")
        print(f"  received fps                 {stats([r['fps'] for r in results], 'fps')}")
        print(f"  gaps > 200 ms                {sum(r['gaps_over_200ms'] for r in results)}")
        print(f"  statuses                     {[r['status'] for r in results]}")
    print(f"\n== barge-in: user speech start -> last loud avatar audio received ==\n  {stats(barge)}")

    print("\n== CPU of the video service per connected idle session (render + encode at 25 fps) ==")
    for size in (256, 512):
        cores, fps = await cpu_per_session(stack, avatar_id, size)
        print(f"  {size}x{size}: {cores:.2f} cores, received {fps:.1f} fps")

    print("\n== concurrent 256x256@25 sessions ==")
    for count in range(1, args.max_sessions + 1):
        measured = await concurrent(stack, avatar_id, count)
        rates = [rate for rate, _ in measured]
        frozen = sum(gap_count for _, gap_count in measured)
        ok = min(rates) >= 0.9 * FPS and frozen == 0
        verdict = "OK" if ok else "NOT sustained"
        print(f"  {count}: fps per session {[round(r, 1) for r in rates]}, gaps > 200 ms {frozen} -> {verdict}")
        if not ok:
            break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-sessions", type=int, default=4)
    args = parser.parse_args()
    print_machine()
    overrides = {
        "VIDEO_LIVE_MAX_SESSIONS": str(args.max_sessions + 1),
        "VIDEO_LIVE_MAX_SESSIONS_PER_KEY": str(args.max_sessions + 1),
    }
    with bench_stack("live-bench-", overrides) as bench:
        asyncio.run(run(bench.stack, bench.avatar_id, bench.api, args))


if __name__ == "__main__":
    main()
