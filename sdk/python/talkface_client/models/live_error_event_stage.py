from enum import StrEnum

class LiveErrorEventStage(StrEnum):
    ASR = "asr"
    LLM = "llm"
    RENDER = "render"
    SPEECH = "speech"

    def __str__(self) -> str:
        return str(self.value)
