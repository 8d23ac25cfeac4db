"""Clients of the voice service (speech per sentence) and the video service (a rendered segment per sentence).

Services never import each other: these speak the documented HTTP contracts. Failures become ProblemErrors
whose codes say which side failed (`voice_unavailable`, `voice_timeout`, `video_error` ...); the pipeline turns
them into `error` events and the text reply goes on.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
from httpx_sse import aconnect_sse

from shared.errors import ProblemError, ServiceUnavailable, UpstreamError, UpstreamTimeout
from shared.logging import REQUEST_ID_HEADER, request_id_var


@dataclass(frozen=True)
class Speech:
    wav: bytes
    duration_s: float


def _problem_from_response(name: str, response: httpx.Response, body: bytes) -> ProblemError:
    """Rebuild the upstream's problem+json (keeping its code, e.g. `voice_not_found`), else a generic error."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and "code" in data:
        return ProblemError(
            str(data.get("detail") or data.get("title") or f"{name} failed"),
            code=str(data["code"]),
            status=502 if response.status_code >= 500 else 424,
            title=f"The {name} service refused the request",
        )
    return UpstreamError(f"The {name} service answered HTTP {response.status_code}.", code=f"{name}_error")


def _transport_error(name: str, exc: httpx.HTTPError) -> ProblemError:
    if isinstance(exc, httpx.TimeoutException):
        return UpstreamTimeout(f"The {name} service did not answer in time.", code=f"{name}_timeout")
    if isinstance(exc, httpx.ConnectError | httpx.RemoteProtocolError):
        return ServiceUnavailable(f"The {name} service is unreachable.", code=f"{name}_unavailable")
    return UpstreamError(f"The {name} service failed: {type(exc).__name__}.", code=f"{name}_error")


def _headers() -> dict[str, str]:
    request_id = request_id_var.get()
    return {REQUEST_ID_HEADER: request_id} if request_id else {}


class VoiceClient:
    """``POST {voice}/api/v1/speech`` -> WAV bytes."""

    def __init__(self, base_url: str, timeout_s: float, connect_timeout_s: float = 3.0) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s))

    async def aclose(self) -> None:
        await self.http.aclose()

    async def synthesize(self, text: str, voice_id: str, language: str) -> Speech:
        body = {
            "text": text,
            "voice_id": voice_id,
            "language": language,
            "speed": 1.0,
            "pitch_semitones": 0,
            "format": "wav",
        }
        try:
            response = await self.http.post("/api/v1/speech", json=body, headers=_headers())
        except httpx.HTTPError as exc:
            raise _transport_error("voice", exc) from exc
        if response.status_code != 200:
            raise _problem_from_response("voice", response, response.content)
        try:
            duration = float(response.headers.get("X-Audio-Duration", "0") or 0)
        except ValueError:
            duration = 0.0
        return Speech(wav=response.content, duration_s=duration)


class VideoClient:
    """``POST {video}/api/v1/videos/stream`` (SSE of `segment` events, then `done`)."""

    def __init__(self, base_url: str, timeout_s: float, fps: int, size: int, connect_timeout_s: float = 3.0) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s))
        self.fps = fps
        self.size = size

    async def aclose(self) -> None:
        await self.http.aclose()

    async def render(self, avatar_id: str, audio_artifact_id: str) -> AsyncIterator[dict[str, Any]]:
        """Yield each segment's data (index, artifact_id, url, start_s, duration_s) as the video service
        finishes it."""
        body = {"avatar_id": avatar_id, "audio_artifact_id": audio_artifact_id, "fps": self.fps, "size": self.size}
        try:
            async with aconnect_sse(
                self.http, "POST", "/api/v1/videos/stream", json=body, headers=_headers()
            ) as source:
                response = source.response
                if response.status_code != 200:
                    raise _problem_from_response("video", response, await response.aread())
                async for event in source.aiter_sse():
                    if event.event == "segment":
                        yield json.loads(event.data)
                    elif event.event == "error":
                        data = json.loads(event.data) if event.data else {}
                        raise ProblemError(
                            str(data.get("detail") or "The render failed."),
                            code=str(data.get("code") or "video_error"),
                            status=502,
                            title="The video service failed",
                        )
                    elif event.event == "done":
                        return
        except httpx.HTTPError as exc:
            raise _transport_error("video", exc) from exc
