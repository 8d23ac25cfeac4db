"""Schemathesis over the real stack's gateway, driven by the committed public spec: no request may end in a
server error, and every answer must have a declared status, a declared content type and a body (or, for
event streams, every event) that matches its declared schema."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.openapi.checks import JsonSchemaError
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from scripts.devstack import Stack
from scripts.export_openapi import PUBLIC_SPEC
from tests.helpers import new_conversation, voiced_signal, write_wav

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 25
# Left out of generation, because every generated request is valid work of minutes on a laptop CPU:
# - chat-completions: a prompt with up to 4096 new tokens of the embedded LLM (covered, stream and not, with
#   its errors, by tests/integration/test_chat_llm.py);
# - audio-speech: up to 4096 characters spoken with a real voice (OpenAI voice names always map to one);
#   covered by tests/integration/test_openai_audio.py with the official client.
EXPENSIVE = ["chat-completions", "audio-speech"]

schema = schemathesis.openapi.from_path(PUBLIC_SPEC).exclude(operation_id=EXPENSIVE)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failing example is reported as is
    suppress_health_check=list(HealthCheck),
)
def test_gateway_conforms_to_its_spec(case: schemathesis.Case, stack: Stack) -> None:
    case.call_and_validate(
        base_url=stack.gateway_url,
        headers={"Authorization": f"Bearer {stack.api_key}"},
        checks=CHECKS,
        timeout=60,
    )


def test_real_event_streams_match_their_declared_events(api: httpx.Client, tmp_path: Path) -> None:
    """Random ids only reach the streams' 404s; a real job and a real chat reply check the event schemas."""
    wav = write_wav(tmp_path / "voice.wav", voiced_signal())
    with wav.open("rb") as fh:
        accepted = api.post("/api/v1/audio/pitch-shift", files={"file": ("voice.wav", fh)}, data={"semitones": "2"})
    assert accepted.status_code == 202, accepted.text
    job_events = api.get(accepted.json()["events_url"])
    assert job_events.status_code == 200 and "event: status" in job_events.text
    schema["/api/v1/jobs/{job_id}/events"]["GET"].validate_response(job_events)

    conversation = new_conversation(api, speak=False)
    reply = api.post(f"/api/v1/conversations/{conversation}/messages", json={"text": "Say hello."})
    assert reply.status_code == 200 and "event: done" in reply.text, reply.text
    schema["/api/v1/conversations/{conversation_id}/messages"]["POST"].validate_response(reply)


def test_an_event_that_breaks_its_schema_is_caught() -> None:
    """The check above is not vacuous: a `done` event without its fields fails validation."""
    broken = httpx.Response(
        200,
        headers={"content-type": "text/event-stream"},
        content=b'event: done\ndata: {"turn_id": 1}\n\n',
        request=httpx.Request("POST", "http://gateway.test/api/v1/conversations/conv_x/messages"),
    )
    broken.elapsed = timedelta(0)  # schemathesis reads it; set by httpx only on responses it received
    with pytest.raises(JsonSchemaError, match="SSE event violates schema"):
        schema["/api/v1/conversations/{conversation_id}/messages"]["POST"].validate_response(broken)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/videos/a%0Ab"),
        ("DELETE", "/api/v1/videos/%00"),
        ("PATCH", "/api/v1/avatars/x%7Fy"),
        ("POST", "/api/v1/conversations/%1B/interrupt"),
        ("GET", "/api/v1/jobs/..%2F..%2Fetc"),
    ],
)
def test_a_bad_path_id_is_a_problem_never_a_server_error(api: httpx.Client, method: str, path: str) -> None:
    """Control characters or slashes in an id are answered 404/422 problem+json, by the gateway or the service."""
    response = api.request(method, path, json={} if method == "PATCH" else None)
    assert response.status_code in (404, 422), response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] in ("validation_error", "not_found")
