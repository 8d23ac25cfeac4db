from enum import StrEnum

class TrainingStage(StrEnum):
    HEAD = "head"
    LIPS = "lips"
    TORSO = "torso"

    def __str__(self) -> str:
        return str(self.value)
