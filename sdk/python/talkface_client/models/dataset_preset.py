from enum import StrEnum

class DatasetPreset(StrEnum):
    STANDARD = "standard"
    TINY = "tiny"

    def __str__(self) -> str:
        return str(self.value)
