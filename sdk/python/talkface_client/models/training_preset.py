from enum import StrEnum

class TrainingPreset(StrEnum):
    STANDARD = "standard"
    TINY = "tiny"

    def __str__(self) -> str:
        return str(self.value)
