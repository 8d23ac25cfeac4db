"""Voice service contracts."""

from __future__ import annotations

from pydantic import BaseModel, Field

SEMITONES_RANGE = (-12.0, 12.0)


class PitchShiftForm(BaseModel):
    """multipart/form-data body of ``POST /api/v1/audio/pitch-shift``."""

    file: bytes = Field(json_schema_extra={"format": "binary"},
                        description="Audio in any format ffmpeg decodes (wav, mp3, m4a, ogg, webm, flac ...).")
    semitones: float = Field(ge=SEMITONES_RANGE[0], le=SEMITONES_RANGE[1],
                             description="Pitch change; formants are kept (WORLD vocoder).")


class PitchShiftResult(BaseModel):
    """``result`` of a succeeded ``voice.pitch_shift`` job; the WAV is its artifact `output.wav`."""

    semitones: float
    duration_s: float
    sample_rate: int
    input_median_f0_hz: float
    output_median_f0_hz: float
