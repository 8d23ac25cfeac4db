"""The generated Python SDK (sdk/python) against the real stack: speech bytes, an avatar's video job followed
through its events to the download, and a conversation turn streamed event by event. Nothing here calls the
API without the SDK, so a spec that the generator reads wrongly (a stream parsed as JSON) fails here."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import httpx
import pytest
from talkface_client import AuthenticatedClient
from talkface_client.api.artifacts import artifacts_download
from talkface_client.api.avatars import avatars_create, avatars_delete
from talkface_client.api.chat import chat_completions
from talkface_client.api.conversations import conversations_create, conversations_delete, conversations_send_message
from talkface_client.api.jobs import jobs_events, jobs_get
from talkface_client.api.speech import speech_synthesize
from talkface_client.api.videos import videos_create_job, videos_delete
from talkface_client.models import (
    Avatar,
    AvatarCreateForm,
    ChatCompletion,
    ChatCompletionRequest,
    ChatMessage,
    ChatMessageRole,
    Conversation,
    ConversationCreate,
    DoneEvent,
    Job,
    JobAccepted,
    JobStatus,
    LLMOverrides,
    MessageForm,
    Problem,
    SpeechRequest,
    TextDeltaEvent,
    VideoJobForm,
)
from talkface_client.types import File
from talkface_sse import SseError, chat_completion_chunks, job_events, send_message

from scripts.devstack import Stack
from tests.fixtures import astronaut, encode, speech_wav_bytes

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def client(stack: Stack) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(
        base_url=stack.gateway_url, token=stack.api_key, timeout=httpx.Timeout(120), follow_redirects=True
    ) as sdk:
        yield sdk


def test_speech_returns_audio_bytes(client: AuthenticatedClient) -> None:
    response = speech_synthesize.sync_detailed(
        client=client, body=SpeechRequest(text="Hello from the SDK.", voice_id="piper-joe")
    )
    assert response.status_code == HTTPStatus.OK, response.content[:300]
    assert response.headers["content-type"].startswith("audio/wav")
    assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WAVE"
    assert float(response.headers["x-audio-duration"]) > 0.5
    # The parsed value is the same body as a file, not a JSON decode error.
    assert isinstance(response.parsed, File) and response.parsed.payload.read() == response.content

    refused = speech_synthesize.sync_detailed(client=client, body=SpeechRequest(text="Hi.", voice_id="no-such-voice"))
    assert refused.status_code == HTTPStatus.NOT_FOUND
    assert isinstance(refused.parsed, Problem) and refused.parsed.code == "voice_not_found"


def test_avatar_video_job_events_and_download(client: AuthenticatedClient, tmp_path: Path) -> None:
    photo = File(payload=io.BytesIO(encode(astronaut())), file_name="photo.png", mime_type="image/png")
    avatar = avatars_create.sync(client=client, body=AvatarCreateForm(name="sdk-test", file=photo))
    assert isinstance(avatar, Avatar), avatar
    speech = File(payload=io.BytesIO(speech_wav_bytes(1.0)), file_name="speech.wav", mime_type="audio/wav")
    accepted = videos_create_job.sync(
        client=client, body=VideoJobForm(avatar_id=avatar.id, audio=speech, fps=10, size=128)
    )
    assert isinstance(accepted, JobAccepted), accepted
    job_id = accepted.job.id

    events = list(job_events(client, job_id))
    assert events[-1].type_ == "status" and events[-1].status == JobStatus.SUCCEEDED, events[-1]
    progress = [e.progress for e in events if isinstance(e.progress, float)]
    assert progress and progress == sorted(progress)
    # The generated operation returns the finished stream as bytes (the same events, as SSE text).
    raw = jobs_events.sync_detailed(job_id, client=client)
    assert raw.status_code == HTTPStatus.OK and raw.content.count(b"event: status") >= 1

    job = jobs_get.sync(job_id, client=client)
    assert isinstance(job, Job) and job.status == JobStatus.SUCCEEDED
    assert isinstance(job.artifacts, list)
    video = next(a for a in job.artifacts if a.name == "video.mp4")
    download = artifacts_download.sync_detailed(video.id, client=client)  # 307 to S3, followed
    assert download.status_code == HTTPStatus.OK and download.content[4:8] == b"ftyp"
    path = tmp_path / "video.mp4"
    path.write_bytes(download.content)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert sorted(probe.stdout.split()) == ["audio", "video"], probe.stderr

    assert videos_delete.sync_detailed(job_id, client=client).status_code == HTTPStatus.NO_CONTENT
    assert avatars_delete.sync_detailed(avatar.id, client=client).status_code == HTTPStatus.NO_CONTENT


def test_conversation_message_stream(client: AuthenticatedClient) -> None:
    body = ConversationCreate(speak=False, llm=LLMOverrides(temperature=0, seed=7, max_tokens=16))
    conversation = conversations_create.sync(client=client, body=body)
    assert isinstance(conversation, Conversation), conversation

    turn = list(send_message(client, conversation.id, "Say hello."))
    names = [t.event for t in turn]
    assert names[-1] == "done" and "text.delta" in names, names
    deltas = "".join(t.data.delta for t in turn if isinstance(t.data, TextDeltaEvent))
    done = turn[-1].data
    assert isinstance(done, DoneEvent) and done.text.strip() and done.text.strip() == deltas.strip()

    # The generated operation gives the whole reply stream as bytes once it has ended.
    whole = conversations_send_message.sync_detailed(conversation.id, client=client, body=MessageForm(text="Thanks."))
    assert whole.status_code == HTTPStatus.OK and b"event: done" in whole.content

    with pytest.raises(SseError) as refused:
        list(send_message(client, "c_doesnotexist", "Hello?"))
    assert refused.value.status_code == 404 and refused.value.problem is not None
    assert conversations_delete.sync_detailed(conversation.id, client=client).status_code == HTTPStatus.NO_CONTENT


def test_chat_completion_plain_and_streamed(client: AuthenticatedClient) -> None:
    messages = [ChatMessage(role=ChatMessageRole.USER, content="Say hi.")]
    body = ChatCompletionRequest(model="talkface", messages=messages, max_tokens=8, temperature=0.0)
    plain = chat_completions.sync(client=client, body=body)
    assert isinstance(plain, ChatCompletion) and plain.choices[0].message.content
    chunks = list(chat_completion_chunks(client, body.to_dict()))
    assert chunks and {c["object"] for c in chunks} == {"chat.completion.chunk"}
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text.strip()
