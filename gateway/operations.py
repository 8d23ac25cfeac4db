"""Every public operation the services serve, declared once from the shared contracts.

The gateway's OpenAPI spec is built from this table (never by importing service code); a contract test
checks each entry against the service's own routes so the two cannot drift apart.
"""

from __future__ import annotations

from gateway.proxy import Operation
from shared.contracts.common import JobAccepted
from shared.contracts.voice import PitchShiftForm

OPERATIONS: list[Operation] = [
    Operation("POST", "/api/v1/audio/pitch-shift", "voice", "audio-pitch_shift", "audio",
              "Shift the pitch of an audio file (job)", status_code=202, response_model=JobAccepted,
              form_model=PitchShiftForm),
]
