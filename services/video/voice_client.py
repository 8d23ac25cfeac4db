"""Calls to the voice service over HTTP (services never import each other).

The API uses one long-lived ``httpx.AsyncClient`` (``app.state.voice``); the worker one ``httpx.Client``
(its runtime resources). The voice service's problems come back as the same problems (an unknown voice stays
a 404 ``voice_not_found``); transport failures become 503/504.
"""

from __future__ import annotations

from typing import Any

import httpx

from shared.errors import ProblemError, ServiceUnavailable, UpstreamError, UpstreamTimeout

SPEECH_PATH = "/api/v1/speech"


def speech_request(text: str, voice_id: str, pitch_semitones: float) -> dict[str, Any]:
    return {
        "text": text,
        "voice_id": voice_id,
        "language": "auto",
        "speed": 1.0,
        "pitch_semitones": pitch_semitones,
        "format": "wav",
    }


def _problem(response: httpx.Response) -> ProblemError:
    """The voice service's problem+json as our error (4xx keep their status and code; 5xx become 502)."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    code = str(body.get("code") or f"voice_http_{response.status_code}")
    detail = str(body.get("detail") or body.get("title") or response.text[:200] or "voice service error")
    if response.status_code == 404 and code in ("not_found", "voice_http_404") and "route" in detail.lower():
        return ServiceUnavailable("The voice service does not offer speech synthesis here.", code="voice_unavailable")
    if 400 <= response.status_code < 500:
        return ProblemError(
            f"Voice service: {detail}",
            status=response.status_code,
            code=code,
            title="Speech synthesis refused the request",
        )
    return UpstreamError(f"Voice service failed: {detail}", code="voice_error")


def _transport(exc: httpx.HTTPError) -> ProblemError:
    if isinstance(exc, httpx.TimeoutException):
        return UpstreamTimeout("The voice service did not answer in time.", code="voice_timeout")
    if isinstance(exc, httpx.ConnectError | httpx.RemoteProtocolError):
        return ServiceUnavailable("The voice service is unreachable.", code="voice_unavailable")
    return UpstreamError(f"The voice service failed: {type(exc).__name__}.", code="voice_error")


async def synthesize(client: httpx.AsyncClient, text: str, voice_id: str, pitch_semitones: float = 0.0) -> bytes:
    try:
        response = await client.post(SPEECH_PATH, json=speech_request(text, voice_id, pitch_semitones))
    except httpx.HTTPError as exc:
        raise _transport(exc) from exc
    if response.status_code != 200:
        raise _problem(response)
    return response.content


def synthesize_sync(client: httpx.Client, text: str, voice_id: str, pitch_semitones: float = 0.0) -> bytes:
    try:
        response = client.post(SPEECH_PATH, json=speech_request(text, voice_id, pitch_semitones))
    except httpx.HTTPError as exc:
        raise _transport(exc) from exc
    if response.status_code != 200:
        raise _problem(response)
    return response.content


async def check_voice(client: httpx.AsyncClient, voice_id: str) -> None:
    """404 ``voice_not_found`` for a voice the voice service does not know (checked before a job is queued).

    Uses ``GET /api/v1/voices/{id}``; if the voice service has no such route or is down, the check is left to
    the synthesis call in the worker (the job then fails with the voice service's problem)."""
    try:
        response = await client.get(f"/api/v1/voices/{voice_id}")
    except httpx.HTTPError:
        return
    if response.status_code == 404:
        try:
            code = response.json().get("code")
        except ValueError:
            code = None
        if code == "voice_not_found":
            raise _problem(response)
