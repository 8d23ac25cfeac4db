from enum import StrEnum

class ErrorEventStage(StrEnum):
    LLM = "llm"
    SPEECH = "speech"
    STORAGE = "storage"
    VIDEO = "video"

    def __str__(self) -> str:
        return str(self.value)
