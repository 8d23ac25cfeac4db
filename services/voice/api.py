"""Voice service HTTP routes (thin: parse, call service.py, answer)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile

from services.voice import service
from shared.contracts.common import JobAccepted, Problem
from shared.contracts.voice import SEMITONES_RANGE
from shared.service_app import accepted, clients

router = APIRouter(prefix="/api/v1", tags=["audio"])

PROBLEMS: dict[int | str, dict[str, object]] = {
    code: {"model": Problem, "content": {"application/problem+json": {}}} for code in (413, 422, 503)
}


@router.post("/audio/pitch-shift", operation_id="audio-pitch_shift", status_code=202, response_model=JobAccepted,
             responses=PROBLEMS, summary="Shift the pitch of an audio file (job)")
async def pitch_shift(
    request: Request,
    file: Annotated[UploadFile, File(description="Audio in any format ffmpeg decodes.")],
    semitones: Annotated[float, Form(ge=SEMITONES_RANGE[0], le=SEMITONES_RANGE[1])],
) -> JobAccepted:
    job = await service.submit_pitch_shift(clients(request), file, semitones)
    return accepted(request, job)
