from enum import StrEnum

class EnrollmentInfoChosenType0(StrEnum):
    BASE = "base"
    DSP = "dsp"
    FITTED = "fitted"
    FITTED_WORLD = "fitted_world"

    def __str__(self) -> str:
        return str(self.value)
