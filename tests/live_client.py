"""A Python WebRTC client of live avatar sessions (aiortc), for the integration tests and ``bench/live_latency.py``:
it creates a session through the gateway, sends an offer (video + audio to receive, a microphone track, the
``talkface`` data channel), records what arrives with arrival times, and can speak into its microphone.

Run as a script (``python -m tests.live_client GATEWAY KEY AVATAR_ID``) it connects and then waits to be killed:
the integration test uses that as a client that vanishes without a goodbye.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import json
import sys
import time
from dataclasses import dataclass, field
from typing import Any

import av
import httpx
import numpy as np
from aiortc import MediaStreamTrack, RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError
from scipy.signal import resample_poly

RATE = 48000
CHUNK = 960


class Microphone(MediaStreamTrack):
    """20 ms frames of whatever was queued with :meth:`say`, silence otherwise (as a live microphone)."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self.queue = np.zeros(0, np.float32)
        self.t0: float | None = None
        self.sent = 0
        self.speech_ends_at: float | None = None  # monotonic time the last queued sample is sent

    def say(self, audio: np.ndarray, rate: int) -> float:
        """Queue speech; returns when (monotonic) its last sample will have been sent."""
        pcm = resample_poly(audio, RATE // 1000, rate // 1000).astype(np.float32) if rate != RATE else audio
        self.queue = np.concatenate([self.queue, pcm])
        self.speech_ends_at = time.monotonic() + len(self.queue) / RATE
        return self.speech_ends_at

    async def recv(self) -> av.AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self.t0 is None:
            self.t0 = time.monotonic()
        wait = self.t0 + self.sent / RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        chunk = np.zeros(CHUNK, np.float32)
        take = min(CHUNK, len(self.queue))
        chunk[:take], self.queue = self.queue[:take], self.queue[take:]
        frame = av.AudioFrame.from_ndarray(
            (np.clip(chunk, -1, 1) * 32767).astype(np.int16).reshape(1, -1), format="s16", layout="mono"
        )
        frame.sample_rate, frame.pts, frame.time_base = RATE, self.sent, fractions.Fraction(1, RATE)
        self.sent += CHUNK
        return frame


@dataclass
class Received:
    video_times: list[float] = field(default_factory=list)  # monotonic arrival of each frame
    frames: list[tuple[float, np.ndarray]] = field(default_factory=list)  # kept while ``keep_frames``
    audio: list[tuple[float, np.ndarray]] = field(default_factory=list)  # (arrival, mono float32 48 kHz)
    events: list[tuple[float, dict[str, Any]]] = field(default_factory=list)


class LiveClient:
    def __init__(self, gateway: str, api_key: str) -> None:
        self.http = httpx.AsyncClient(base_url=gateway, headers={"Authorization": f"Bearer {api_key}"}, timeout=60)
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.mic = Microphone()
        self.got = Received()
        self.keep_frames = False
        self.session: dict[str, Any] = {}
        self.channel: Any = None
        self.tasks: list[asyncio.Task[None]] = []
        self._event = asyncio.Event()

    async def start(self, **body: Any) -> dict[str, Any]:
        response = await self.http.post("/api/v1/live/sessions", json=body)
        assert response.status_code == 201, response.text
        self.session = response.json()
        self.pc.addTrack(self.mic)
        self.pc.addTransceiver("video", direction="recvonly")
        self.channel = self.pc.createDataChannel("talkface")
        self.channel.on("message", self._on_message)
        opened = asyncio.Event()
        self.channel.on("open", opened.set)
        self.pc.on("track", self._on_track)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        offer = {"sdp": self.pc.localDescription.sdp, "type": "offer"}
        answer = await self.http.post(f"/api/v1/live/sessions/{self.session['id']}/offer", json=offer)
        assert answer.status_code == 200, answer.text
        await self.pc.setRemoteDescription(RTCSessionDescription(**answer.json()))
        await asyncio.wait_for(opened.wait(), 30)
        return self.session

    def _on_message(self, message: str) -> None:
        self.got.events.append((time.monotonic(), json.loads(message)))
        self._event.set()

    def _on_track(self, track: MediaStreamTrack) -> None:
        reader = self._read_video(track) if track.kind == "video" else self._read_audio(track)
        self.tasks.append(asyncio.create_task(reader))

    async def _read_video(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            now = time.monotonic()
            self.got.video_times.append(now)
            if self.keep_frames:
                self.got.frames.append((now, frame.to_ndarray(format="rgb24")))  # type: ignore[union-attr]

    async def _read_audio(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            pcm = frame.to_ndarray().astype(np.float32) / 32768.0  # type: ignore[union-attr]
            channels = len(frame.layout.channels)  # type: ignore[union-attr]
            self.got.audio.append((time.monotonic(), pcm.reshape(-1, channels).mean(axis=1)))

    def send(self, message: dict[str, Any]) -> None:
        self.channel.send(json.dumps(message))

    async def wait_event(self, predicate: Any, timeout: float = 60.0, since: float = 0.0) -> dict[str, Any]:
        """The first data-channel event after ``since`` (monotonic) for which ``predicate(event)`` holds."""
        deadline = time.monotonic() + timeout
        while True:
            for at, event in self.got.events:
                if at >= since and predicate(event):
                    return event
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no such event; got {[e for _, e in self.got.events][-12:]}")
            self._event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), left)

    def event_time(self, predicate: Any, since: float = 0.0) -> float | None:
        return next((at for at, e in self.got.events if at >= since and predicate(e)), None)

    def audio_between(self, start: float, end: float) -> np.ndarray:
        parts = [pcm for at, pcm in self.got.audio if start <= at < end]
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def first_sound_after(self, since: float, threshold: float = 0.01) -> float | None:
        """Arrival time of the first received 20 ms audio frame louder than ``threshold`` RMS after ``since``."""
        for at, pcm in self.got.audio:
            if at >= since and float(np.sqrt(np.mean(pcm**2))) > threshold:
                return at
        return None

    async def close(self) -> None:
        if self.session:
            await self.http.delete(f"/api/v1/live/sessions/{self.session['id']}")
        await self.pc.close()
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await self.http.aclose()


async def _connect_and_wait(gateway: str, api_key: str, avatar_id: str) -> None:
    client = LiveClient(gateway, api_key)
    session = await client.start(avatar_id=avatar_id, size=128, fps=10)
    while len(client.got.video_times) < 5:
        await asyncio.sleep(0.1)
    print(session["id"], flush=True)
    await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(_connect_and_wait(*sys.argv[1:4]))
