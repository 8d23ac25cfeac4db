"""Live avatar sessions over WebRTC against the real stack (gateway, video, chat with llama.cpp, voice with Piper
and Whisper), with a Python aiortc client: video at the requested rate and audio arrive; a spoken question (a
human recording) gets a spoken reply whose Whisper transcript matches the reply text, with the mouth following
the received audio; speaking over the avatar stops it; a client that vanishes ends its session cleanly; the
per-key and per-worker limits answer 429 / 503."""

from __future__ import annotations

import asyncio
import io
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import jiwer
import numpy as np
import pytest
import soundfile as sf

from scripts.devstack import ROOT, Stack
from services.video.face import VideoFaceTracker
from tests.fixtures import astronaut, encode, speech_clip
from tests.helpers import create_avatar, run_async
from tests.live_client import RATE, LiveClient

pytestmark = [pytest.mark.integration, pytest.mark.slow]
FPS, SIZE = 25, 256


@pytest.fixture(scope="module")
def avatar_id(api: httpx.Client) -> str:
    response = create_avatar(api, encode(astronaut(), ".jpg"), name="live-test", filename="photo.jpg")
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def conversation(api: httpx.Client, seed: int = 3, voice_id: str = "piper-joe") -> str:
    """A speaking conversation without an avatar (the live session renders), short and reproducible replies."""
    body = {"voice_id": voice_id, "language": "en", "llm": {"temperature": 0, "seed": seed, "max_tokens": 48}}
    response = api.post("/api/v1/conversations", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z']+", text.lower()))


def wav_bytes(audio: np.ndarray, rate: int) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, audio, rate, format="WAV", subtype="PCM_16")
    return buf.getvalue()


def envelope_at(client: LiveClient, times: list[float], window: float = 0.04) -> np.ndarray:
    """RMS of the received audio that arrived in the ``window`` before each instant."""
    arrivals = np.array([at for at, _ in client.got.audio])
    levels = np.array([float(np.sqrt(np.mean(pcm**2))) for _, pcm in client.got.audio])
    picked = [levels[(arrivals > t - window) & (arrivals <= t)] for t in times]
    return np.array([float(p.mean()) if p.size else 0.0 for p in picked])


def test_live_session_speaks_a_reply_in_sync(api: httpx.Client, stack: Stack, avatar_id: str) -> None:
    conv_id = conversation(api)

    async def run() -> None:
        client = LiveClient(stack.gateway_url, stack.api_key)
        try:
            session = await client.start(avatar_id=avatar_id, conversation_id=conv_id, size=SIZE, fps=FPS)
            assert session["status"] == "new" and session["conversation_id"] == conv_id
            await client.wait_event(lambda e: e == {"type": "state", "state": "listening"})
            await asyncio.sleep(3.0)  # idle: the avatar breathes and blinks

            # Video at the requested rate, audio flowing, and the session listed in the system status.
            times = np.array(client.got.video_times)
            steady = times[times > times[0] + 0.5]
            rate = (len(steady) - 1) / (steady[-1] - steady[0])
            assert abs(rate - FPS) <= 0.1 * FPS, rate
            assert sum(len(pcm) for _, pcm in client.got.audio) > 2.0 * RATE
            system = api.get("/api/v1/system").json()
            video = next(s for s in system["services"] if s["name"] == "video")
            assert session["id"] in video["checks"]["live"]["detail"], video["checks"]["live"]

            # A spoken question: VAD end of turn -> Whisper -> LLM -> sentence speech on the live tracks.
            speech, speech_rate = speech_clip(3.2, silence_after=0.2)
            client.keep_frames = True
            asked = time.monotonic()
            client.mic.say(speech, speech_rate)
            transcript = await client.wait_event(lambda e: e["type"] == "transcript", 60, since=asked)
            assert len(words(transcript["text"]).split()) >= 3, transcript
            # Transcribed at the pause before the end of the turn (chat got text: no chat turn id on it yet);
            # the microphone sends pure silence after the speech, so nothing voiced follows that pause.
            assert "turn_id" not in transcript, transcript
            done = await client.wait_event(lambda e: e["type"] == "reply.done", 90, since=asked)
            await asyncio.sleep(0.3)
            client.keep_frames = False
            assert done["status"] == "answered" and done["text"], done
            sentences = [e for _, e in client.got.events if e["type"] == "sentence"]
            assert sentences and " ".join(s["text"] for s in sentences) == done["text"]
            states = [e["state"] for _, e in client.got.events if e["type"] == "state"]
            assert states[-4:] == ["hearing", "thinking", "speaking", "listening"], states

            # What the client heard is the reply (Whisper on the received audio).
            first = client.first_sound_after(asked + len(speech) / speech_rate)
            assert first is not None
            end = client.event_time(lambda e: e["type"] == "reply.done", since=asked) or time.monotonic()
            heard = client.audio_between(first - 0.1, end + 0.2)
            response = api.post(
                "/v1/audio/transcriptions",
                data={"model": "whisper-1", "language": "en"},
                files={"file": ("reply.wav", wav_bytes(heard, RATE), "audio/wav")},
            )
            assert response.status_code == 200, response.text
            assert jiwer.wer(words(done["text"]), words(response.json()["text"])) <= 0.3, (done, response.json())

            # The mouth follows the received audio (face mesh on the received frames).
            frames = [(at, rgb) for at, rgb in client.got.frames if first <= at <= end]
            tracker = VideoFaceTracker()
            try:
                gaps = []
                for _, rgb in frames:
                    geometry = tracker.geometry(rgb)
                    assert geometry is not None
                    gaps.append(geometry.mouth_gap)
            finally:
                tracker.close()
            level = envelope_at(client, [at for at, _ in frames])
            gap = np.array(gaps)
            best = max(
                float(
                    np.corrcoef(
                        gap[max(0, -lag) : len(gap) - max(0, lag)], level[max(0, lag) : len(level) - max(0, -lag)]
                    )[0, 1]
                )
                for lag in range(-2, 3)  # +-2 frames (80 ms): arrival jitter of the two tracks
            )
            assert best >= 0.6, best
        finally:
            await client.close()

    run_async(run())
    history = api.get(f"/api/v1/conversations/{conv_id}").json()
    assert history["turns"][-1]["status"] == "answered"


def test_speaking_over_the_avatar_stops_it(api: httpx.Client, stack: Stack, avatar_id: str) -> None:
    # The chat history records an interrupted turn only when the interrupt reaches the chat while the reply is
    # still being made (a reply already complete stays answered). With Piper the three-sentence reply was often
    # complete before the barge-in was heard; Kokoro takes about a second a sentence, so the reply is still
    # being synthesised when the user speaks over its first sentence.
    conv_id = conversation(api, seed=11, voice_id="kokoro-jf_gongitsune")

    async def run() -> None:
        client = LiveClient(stack.gateway_url, stack.api_key)
        try:
            await client.start(avatar_id=avatar_id, conversation_id=conv_id, size=128, fps=FPS)
            await client.wait_event(lambda e: e["type"] == "state")
            sent = time.monotonic()
            client.send({"type": "text", "text": "Tell me a long story about the sea and the moon."})
            await client.wait_event(lambda e: e["type"] == "sentence", 60, since=sent)
            while client.first_sound_after(sent) is None:
                await asyncio.sleep(0.05)
            speech, speech_rate = speech_clip(1.5)
            client.mic.say(speech, speech_rate)
            cut = await client.wait_event(lambda e: e["type"] == "reply.done", 30, since=sent)
            assert cut["status"] == "interrupted", cut
            cut_at = client.event_time(lambda e: e["type"] == "reply.done", since=sent) or 0.0
            await asyncio.sleep(0.8)
            after = client.audio_between(cut_at + 0.2, cut_at + 0.8)
            assert len(after) > 0 and float(np.sqrt(np.mean(after**2))) < 0.003  # the avatar is silent
        finally:
            await client.close()

    run_async(run())
    turns = api.get(f"/api/v1/conversations/{conv_id}").json()["turns"]
    assert turns[0]["status"] == "interrupted", turns[0]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100.0  # utime + stime, in clock ticks of 10 ms


def test_a_vanished_client_ends_its_session(api: httpx.Client, stack: Stack, avatar_id: str) -> None:
    client = subprocess.Popen(
        [sys.executable, "-m", "tests.live_client", stack.gateway_url, stack.api_key, avatar_id],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert client.stdout is not None
        session_id = client.stdout.readline().strip()
        assert session_id.startswith("ls_"), session_id
        assert api.get(f"/api/v1/live/sessions/{session_id}").json()["status"] == "connected"
    finally:
        client.kill()  # no goodbye: no DTLS close, no DELETE
        client.wait(10)
    deadline = time.monotonic() + 40
    while api.get(f"/api/v1/live/sessions/{session_id}").status_code != 404:
        assert time.monotonic() < deadline, "the session outlived its client"
        time.sleep(0.5)
    ready = httpx.get(f"{stack.service_url('video')}/readyz", timeout=10).json()
    assert ready["checks"]["live"]["detail"].startswith("0 of"), ready["checks"]["live"]
    assert ", 0 tasks" in ready["checks"]["live"]["detail"]
    pid = stack.procs["video"].popen.pid
    before = cpu_seconds(pid)
    time.sleep(2.0)
    assert cpu_seconds(pid) - before < 0.3  # back to idle: nothing renders or encodes any more


@pytest.fixture
def cleanup(api: httpx.Client, stack: Stack) -> Iterator[list[str]]:
    created: list[str] = []
    yield created
    for session_id in created:
        api.delete(f"/api/v1/live/sessions/{session_id}")
        httpx.delete(f"{stack.service_url('video')}/api/v1/live/sessions/{session_id}")


def test_limits_and_refusals(api: httpx.Client, stack: Stack, avatar_id: str, cleanup: list[str]) -> None:
    body = {"avatar_id": avatar_id, "size": 128, "fps": 10}
    assert api.post("/api/v1/live/sessions", json={**body, "avatar_id": "av_missing"}).json()["code"] == (
        "avatar_not_found"
    )
    assert api.post("/api/v1/live/sessions", json={**body, "size": 2048}).status_code == 422
    for _ in range(2):
        response = api.post("/api/v1/live/sessions", json=body)
        assert response.status_code == 201, response.text
        cleanup.append(response.json()["id"])
    over_key = api.post("/api/v1/live/sessions", json=body)
    assert (over_key.status_code, over_key.json()["code"]) == (429, "live_session_limit")
    listed = api.get("/api/v1/live/sessions").json()
    assert {s["id"] for s in listed["items"]} == set(cleanup) and listed["capacity"] == 4

    direct = f"{stack.service_url('video')}/api/v1/live/sessions"  # another caller (no gateway key)
    for _ in range(2):
        response = httpx.post(direct, json=body, timeout=30)
        assert response.status_code == 201, response.text
        cleanup.append(response.json()["id"])
    full = httpx.post(direct, json=body, timeout=30)
    assert (full.status_code, full.json()["code"]) == (503, "live_capacity")
    # Another key's session is not found; a bad offer is refused; delete ends a session.
    assert api.get(f"/api/v1/live/sessions/{cleanup[-1]}").status_code == 404
    bad = api.post(f"/api/v1/live/sessions/{cleanup[0]}/offer", json={"sdp": "v=0\r\n", "type": "offer"})
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_sdp")
    assert api.delete(f"/api/v1/live/sessions/{cleanup[0]}").status_code == 204
    assert api.get(f"/api/v1/live/sessions/{cleanup[0]}").json()["code"] == "live_session_not_found"
