"""A reply spoken and rendered: each sentence goes to the real voice service (Piper) and the real video service
(portrait animator) while the LLM keeps writing; the audio and video URLs play; an interrupt after the first
spoken sentence keeps exactly what was said."""

from __future__ import annotations

import io
import json
import subprocess
from typing import Any

import httpx
import pytest
import soundfile as sf

from tests.fixtures import astronaut, encode
from tests.helpers import create_avatar, sse_events

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def avatar_id(api: httpx.Client) -> str:
    response = create_avatar(api, encode(astronaut(), ".jpg"), name="chat-test", filename="photo.jpg")
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def stream_events(
    api: httpx.Client,
    conv_id: str,
    text: str,
    stop_after: str | None = None,
) -> tuple[list[tuple[str, dict[str, Any]]], httpx.Response | None]:
    """The SSE events of one reply; with ``stop_after``, the conversation is interrupted at that event."""
    events: list[tuple[str, dict[str, Any]]] = []
    interrupted: httpx.Response | None = None
    with api.stream("POST", f"/api/v1/conversations/{conv_id}/messages", json={"text": text}) as response:
        assert response.status_code == 200, response.read()
        for name, data in sse_events(response):
            events.append((name, data))
            if stop_after == name and interrupted is None:
                interrupted = api.post(f"/api/v1/conversations/{conv_id}/interrupt")
    return events, interrupted


def position(events: list[tuple[str, dict[str, Any]]], name: str, index: int) -> int:
    return next(i for i, (n, data) in enumerate(events) if n == name and data.get("index") == index)


def test_each_sentence_is_spoken_and_rendered_in_order(api: httpx.Client, avatar_id: str) -> None:
    conv_id = api.post(
        "/api/v1/conversations",
        json={
            "avatar_id": avatar_id,
            "voice_id": "piper-joe",
            "language": "en",
            "llm": {"temperature": 0, "seed": 5, "max_tokens": 40},
        },
    ).json()["id"]
    events, _ = stream_events(api, conv_id, "Hello! Who are you?")
    names = [n for n, _ in events]
    assert names[-1] == "done" and "error" not in names, [d for n, d in events if n == "error"]
    sentences = [d for n, d in events if n == "sentence"]
    audios = [d for n, d in events if n == "audio"]
    videos = [d for n, d in events if n == "video"]
    assert sentences and [a["index"] for a in audios] == [s["index"] for s in sentences]
    assert {v["index"] for v in videos} == {a["index"] for a in audios}
    for s in sentences:  # sentence -> its audio -> its video
        assert (
            position(events, "sentence", s["index"])
            < position(events, "audio", s["index"])
            < position(events, "video", s["index"])
        )
    first = audios[0]
    wav = httpx.get(first["url"], timeout=30)
    assert wav.status_code == 200
    audio, rate = sf.read(io.BytesIO(wav.content))
    assert abs(len(audio) / rate - first["duration_s"]) < 0.1 and len(audio) / rate > 0.3
    mp4 = httpx.get(videos[0]["url"], timeout=30)
    assert mp4.status_code == 200
    probe = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_streams", "-of", "json", "-"],
            input=mp4.content,
            capture_output=True,
            check=True,
        ).stdout
    )
    assert {s["codec_type"] for s in probe["streams"]} == {"video", "audio"}
    done = events[-1][1]
    assert done["status"] == "answered"
    assert {"first_text_delta", "first_audio", "first_video", "tts_s", "video_s"} <= set(done["timings"])
    assert done["timings"]["first_audio"] <= done["timings"]["first_video"] <= done["timings"]["total"]
    turn = api.get(f"/api/v1/conversations/{conv_id}").json()["turns"][-1]
    assert [s["audio_artifact_id"] for s in turn["sentences"]] == [a["artifact_id"] for a in audios]
    assert all(s["video_artifact_ids"] for s in turn["sentences"])


def test_interrupt_after_the_first_spoken_sentence_keeps_what_was_said(api: httpx.Client, avatar_id: str) -> None:
    conv_id = api.post(
        "/api/v1/conversations",
        json={
            "avatar_id": avatar_id,
            "voice_id": "piper-joe",
            "language": "en",
            "llm": {"temperature": 0, "seed": 5, "max_tokens": 200},
        },
    ).json()["id"]
    events, interrupted = stream_events(
        api, conv_id, "Tell me a long story about a brave little fox.", stop_after="audio"
    )
    assert interrupted is not None and interrupted.json()["interrupted"] is True
    done = events[-1][1]
    assert events[-1][0] == "done" and done["status"] == "interrupted"
    spoken = [d for n, d in events if n == "audio"]
    assert done["text"] == " ".join(a["text"] for a in spoken)
    turn = api.get(f"/api/v1/conversations/{conv_id}").json()["turns"][-1]
    assert turn["status"] == "interrupted" and turn["assistant"] == done["text"]
