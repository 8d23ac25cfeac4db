"""Client of the voice service: speech for the video and chat services."""

from __future__ import annotations

from dataclasses import dataclass

from shared.clients.upstream import UpstreamClient
from shared.contracts.voice import SpeechRequest
from shared.errors import ProblemError


@dataclass(frozen=True)
class Speech:
    wav: bytes
    duration_s: float


class VoiceClient(UpstreamClient):
    """``POST /api/v1/speech`` and the voice lookup, typed by the voice contracts."""

    name = "voice"

    async def synthesize(self, request: SpeechRequest) -> Speech:
        """The whole audio of ``request`` (not streamed) and its duration (``X-Audio-Duration``)."""
        body = request.model_dump(mode="json", exclude_none=True)
        response = await self.request("POST", "/api/v1/speech", json=body)
        try:
            duration = float(response.headers.get("X-Audio-Duration", "0") or 0)
        except ValueError:
            duration = 0.0
        return Speech(wav=response.content, duration_s=duration)

    async def check_voice(self, voice_id: str) -> None:
        """404 ``voice_not_found`` for a voice the voice service does not know; any other failure is left to
        the synthesis that follows (a job then fails with the voice service's own problem)."""
        try:
            await self.request("GET", f"/api/v1/voices/{voice_id}")
        except ProblemError as exc:
            if exc.code == "voice_not_found":
                raise
