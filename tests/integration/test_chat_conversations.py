"""Chat through the gateway, against the real stack and the embedded LLM: conversation CRUD, bad input, a
spoken message (browser-style WebM/Opus, transcribed with Whisper base), audio that is not speech, and the
OpenAI-compatible endpoint used with the official ``openai`` client."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import openai
import pytest

from scripts.devstack import Stack
from tests.fixtures import speech_path
from tests.helpers import new_conversation, sse_events, write_wav

pytestmark = pytest.mark.integration


def problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == code


def test_conversation_lifecycle(api: httpx.Client) -> None:
    created = api.post(
        "/api/v1/conversations",
        json={
            "persona": "You are Leo, a cheerful tour guide.",
            "language": "en",
            "voice_id": "piper-joe",
            "avatar_id": "avatar-1",
            "llm": {"temperature": 0.2, "max_tokens": 40},
            "memory": {"verbatim_turns": 4},
        },
    )
    assert created.status_code == 201, created.text
    conv = created.json()
    assert conv["persona"] == "You are Leo, a cheerful tour guide." and conv["voice_id"] == "piper-joe"
    assert conv["turns"] == [] and conv["summary"] == ""
    fetched = api.get(f"/api/v1/conversations/{conv['id']}").json()
    assert fetched["llm"]["temperature"] == 0.2 and fetched["memory"]["verbatim_turns"] == 4
    listed = api.get("/api/v1/conversations", params={"limit": 100}).json()
    assert conv["id"] in [item["id"] for item in listed["items"]]
    default = api.post("/api/v1/conversations", json={}).json()
    assert default["voice_id"] == "kokoro-jf_gongitsune" and "digital human" in default["persona"]
    english = api.post("/api/v1/conversations", json={"language": "en"}).json()
    assert english["voice_id"] == "piper-joe"  # the fast English voice
    assert api.post("/api/v1/conversations", json={"speak": False}).json()["voice_id"] is None
    assert api.delete(f"/api/v1/conversations/{conv['id']}").status_code == 204
    problem(api.get(f"/api/v1/conversations/{conv['id']}"), 404, "conversation_not_found")
    problem(api.delete(f"/api/v1/conversations/{conv['id']}"), 404, "conversation_not_found")
    problem(
        api.post(f"/api/v1/conversations/{conv['id']}/messages", json={"text": "hi"}), 404, "conversation_not_found"
    )
    problem(api.post(f"/api/v1/conversations/{conv['id']}/interrupt"), 404, "conversation_not_found")


def test_bad_messages_are_refused_and_nothing_is_stored(api: httpx.Client, tmp_path: Path) -> None:
    conv_id = new_conversation(api)
    url = f"/api/v1/conversations/{conv_id}/messages"
    problem(api.post(url, json={"text": "   "}), 422, "empty_message")
    problem(api.post(url, data={"text": ""}), 422, "empty_message")
    problem(api.post(url, json={"text": "x" * 2001}), 413, "message_too_long")
    problem(api.post(url, content=b"hello", headers={"Content-Type": "text/plain"}), 415, "unsupported_media_type")
    wav = write_wav(
        tmp_path / "tone.wav", (0.3 * np.sin(2 * np.pi * 440 * np.arange(32000) / 16000)).astype(np.float32)
    )
    problem(
        api.post(url, data={"text": "hi"}, files={"file": ("a.wav", wav.read_bytes(), "audio/wav")}),
        422,
        "text_and_audio",
    )
    problem(api.post(url, files={"file": ("tone.wav", wav.read_bytes(), "audio/wav")}), 422, "no_speech")
    problem(api.post(url, files={"file": ("x.webm", b"not audio at all" * 64, "audio/webm")}), 422, "undecodable_audio")
    problem(api.post("/api/v1/conversations", json={"persona": "x" * 5000}), 422, "validation_error")
    assert api.get(f"/api/v1/conversations/{conv_id}").json()["turns"] == []


def test_a_spoken_message_is_transcribed_then_answered(api: httpx.Client, tmp_path: Path) -> None:
    webm = tmp_path / "message.webm"  # what a browser's MediaRecorder sends
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(speech_path()), "-t", "4", "-c:a", "libopus", str(webm)], check=True
    )
    conv_id = new_conversation(api, language="en")
    with api.stream(
        "POST",
        f"/api/v1/conversations/{conv_id}/messages",
        files={"file": ("message.webm", webm.read_bytes(), "audio/webm")},
    ) as response:
        assert response.status_code == 200, response.read()
        events = list(sse_events(response))
    names = [name for name, _ in events]
    assert names[0] == "transcript" and names[1] == "text.delta" and names[-1] == "done"
    transcript = events[0][1]
    words = transcript["text"].lower()
    assert "ever tried" in words and "failed" in words, transcript
    assert transcript["language"] == "en" and 3.5 < transcript["audio_duration_s"] < 4.5
    assert "asr_s" in events[-1][1]["timings"]
    turn = api.get(f"/api/v1/conversations/{conv_id}").json()["turns"][0]
    assert turn["user"] == transcript["text"] and turn["status"] == "answered"
    stored = api.get(f"/api/v1/artifacts/{turn['user_audio_artifact_id']}", follow_redirects=True)
    assert stored.status_code == 200 and stored.content == webm.read_bytes()


def test_openai_client_through_the_gateway(stack: Stack) -> None:
    client = openai.OpenAI(base_url=f"{stack.gateway_url}/v1", api_key=stack.api_key, max_retries=0)
    request: dict[str, Any] = {
        "model": "talkface",
        "temperature": 0,
        "seed": 3,
        "max_tokens": 24,
        "messages": [{"role": "user", "content": "Say hello to Ann."}],
    }
    completion = client.chat.completions.create(**request)
    text = completion.choices[0].message.content or ""
    assert text and completion.model == "talkface" and completion.usage and completion.usage.completion_tokens > 0
    streamed = "".join(
        chunk.choices[0].delta.content or ""
        for chunk in client.chat.completions.create(**request, stream=True)
        if chunk.choices
    )
    assert streamed == text  # temperature 0, same seed: the same reply either way
    system = client.chat.completions.create(
        **{
            **request,
            "messages": [
                {"role": "system", "content": "You only ever answer with the word PINEAPPLE."},
                {"role": "user", "content": "What is your favourite fruit?"},
            ],
        }
    )
    assert system.choices[0].message.content
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=f"{stack.gateway_url}/v1", api_key="wrong-key", max_retries=0).chat.completions.create(
            **request
        )
    with pytest.raises(openai.UnprocessableEntityError):
        client.chat.completions.create(**{**request, "messages": [{"role": "assistant", "content": "hi"}]})


def test_the_gateway_requires_an_api_key_for_chat(stack: Stack) -> None:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as anonymous:
        problem(anonymous.get("/api/v1/conversations"), 401, "missing_api_key")
        problem(
            anonymous.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "hi"}]}),
            401,
            "missing_api_key",
        )
