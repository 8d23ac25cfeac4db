"""Voice service operations."""

from __future__ import annotations

from gateway.proxy import Operation
from shared.contracts.common import JobAccepted
from shared.contracts.voice import PitchShiftForm

OPERATIONS: list[Operation] = [
    Operation("POST", "/api/v1/audio/pitch-shift", "voice", "audio-pitch_shift", "audio",
              "Shift the pitch of an audio file (job)", status_code=202, response_model=JobAccepted,
              form_model=PitchShiftForm),
]
