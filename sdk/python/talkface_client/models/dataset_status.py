from enum import StrEnum

class DatasetStatus(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    PROCESSING = "processing"
    QUEUED = "queued"
    READY = "ready"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
