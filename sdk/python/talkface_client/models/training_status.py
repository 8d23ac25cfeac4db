from enum import StrEnum

class TrainingStatus(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    QUEUED = "queued"
    SUCCEEDED = "succeeded"
    TRAINING = "training"

    def __str__(self) -> str:
        return str(self.value)
