"""Server-sent events for the TalkFace SDK: job events, conversation turns and streamed chat completions.

The generated client (``talkface_client``) returns a streaming endpoint's whole body as bytes once the stream
has ended. These helpers read the same endpoints event by event while they arrive, over the generated
client's own ``httpx.Client`` (same base URL, API key and timeouts). Parsing is httpx-sse's; this module only
names the endpoints and turns each event's JSON data into the generated model for it.

    from talkface_client import AuthenticatedClient
    from talkface_sse import job_events

    client = AuthenticatedClient(base_url="http://127.0.0.1:8100", token="<API key>")
    for event in job_events(client, job_id):
        print(event.type_, event.progress, event.status)
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from httpx_sse import connect_sse
from talkface_client import AuthenticatedClient, Client
from talkface_client.models import (
    AudioEvent,
    DoneEvent,
    ErrorEvent,
    JobEvent,
    SentenceEvent,
    TextDeltaEvent,
    TranscriptEvent,
    VideoEvent,
)

__all__ = ["SseError", "TurnEvent", "chat_completion_chunks", "job_events", "send_message", "stream_events"]

# The model of each conversation event's data (the `event:` names of the messages endpoint).
TURN_MODELS: dict[str, Any] = {
    "transcript": TranscriptEvent,
    "text.delta": TextDeltaEvent,
    "sentence": SentenceEvent,
    "audio": AudioEvent,
    "video": VideoEvent,
    "done": DoneEvent,
    "error": ErrorEvent,
}


class SseError(Exception):
    """The server refused the request before streaming; ``problem`` is its problem+json body when it sent one."""

    def __init__(self, status_code: int, problem: dict[str, Any] | None, text: str) -> None:
        self.status_code = status_code
        self.problem = problem
        detail = (problem or {}).get("detail") or text[:200]
        super().__init__(f"HTTP {status_code}: {detail}")


@dataclass
class TurnEvent:
    """One event of a conversation turn: its name and its data as the generated model (a dict if unknown)."""

    event: str
    data: Any
    id: str | None = None


def stream_events(
    client: Client | AuthenticatedClient, method: str, url: str, **kwargs: Any
) -> Iterator[tuple[str, str, str | None]]:
    """Yield ``(event, data, id)`` for each event of any SSE endpoint, as it arrives."""
    http: httpx.Client = client.get_httpx_client()
    with connect_sse(http, method, url, **kwargs) as source:
        response = source.response
        if response.status_code >= 400:
            response.read()
            try:
                problem = response.json()
            except ValueError:
                problem = None
            raise SseError(response.status_code, problem, response.text)
        for sse in source.iter_sse():
            yield sse.event, sse.data, sse.id or None


def job_events(
    client: Client | AuthenticatedClient, job_id: str, *, last_event_id: str | None = None
) -> Iterator[JobEvent]:
    """A job's ``progress``, ``log``, ``metrics`` and ``status`` events until its final status (the stream then
    ends). Pass the last seen ``id`` as ``last_event_id`` to resume after a dropped connection."""
    headers = {"Last-Event-ID": last_event_id} if last_event_id else {}
    for _event, data, _id in stream_events(client, "GET", f"/api/v1/jobs/{job_id}/events", headers=headers):
        yield JobEvent.from_dict(json.loads(data))


def send_message(
    client: Client | AuthenticatedClient,
    conversation_id: str,
    text: str | None = None,
    *,
    audio: tuple[str, bytes, str] | None = None,
) -> Iterator[TurnEvent]:
    """Send a text message (or an audio one: ``(filename, bytes, content type)``) and yield the reply's events:
    ``transcript``, ``text.delta``, ``sentence``, ``audio``, ``video``, then ``done`` (``error`` when a part
    fails)."""
    url = f"/api/v1/conversations/{conversation_id}/messages"
    kwargs: dict[str, Any] = {"files": {"file": audio}} if audio is not None else {"json": {"text": text}}
    for event, data, event_id in stream_events(client, "POST", url, **kwargs):
        model = TURN_MODELS.get(event)
        payload = json.loads(data)
        yield TurnEvent(event=event, data=model.from_dict(payload) if model else payload, id=event_id)


def chat_completion_chunks(client: Client | AuthenticatedClient, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The chunks of an OpenAI-style streamed completion (``/v1/chat/completions`` with ``stream: true``), as
    dicts, up to the closing ``[DONE]``."""
    for _event, data, _id in stream_events(client, "POST", "/v1/chat/completions", json={**body, "stream": True}):
        if data.strip() == "[DONE]":
            return
        yield json.loads(data)
