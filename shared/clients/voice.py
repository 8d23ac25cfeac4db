"""Client of the voice service: speech for the video and chat services."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from pydantic import ValidationError

from shared.clients.upstream import UpstreamClient
from shared.contracts.common import DependencyCheck, DependencyState, Readiness
from shared.contracts.voice import SpeechRequest, TranscriptionVerbose
from shared.errors import ProblemError

READINESS_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class Speech:
    wav: bytes
    duration_s: float


class VoiceClient(UpstreamClient):
    """``POST /api/v1/speech``, the voice lookup and ``POST /v1/audio/transcriptions``, typed by the voice
    contracts."""

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

    async def transcribe(
        self, audio: Path, *, filename: str, content_type: str, language: str | None = None
    ) -> TranscriptionVerbose:
        """Speech -> text by the voice service's Whisper (its OpenAI-compatible route, ``verbose_json``); the
        voice service's problems (422 ``undecodable_audio``, 413 ``audio_too_long`` ...) come back as they are.
        Audio without speech gives an empty text."""
        data = {"model": "talkface-asr", "response_format": "verbose_json"}
        if language:
            data["language"] = language
        with audio.open("rb") as fh:
            response = await self.request(
                "POST", "/v1/audio/transcriptions", data=data, files={"file": (filename, fh, content_type)}
            )
        return TranscriptionVerbose.model_validate_json(response.content)

    async def asr_state(self) -> DependencyCheck:
        """Speech recognition as the voice service reports it (the ``asr`` check of its ``/readyz``); not
        required by the caller, which still serves text without it."""
        try:
            response = await self.http.get(self.url("/readyz"), timeout=READINESS_TIMEOUT_S)
            check = Readiness.model_validate_json(response.content).checks.get("asr")
        except (httpx.HTTPError, ValidationError) as exc:
            detail = f"voice service at {self.base_url} did not answer: {type(exc).__name__}"
            return DependencyCheck(state=DependencyState.down, required=False, detail=detail)
        if check is None:
            return DependencyCheck(state=DependencyState.down, required=False, detail="voice service has no ASR")
        return check.model_copy(update={"required": False, "detail": f"voice service: {check.detail}"})
