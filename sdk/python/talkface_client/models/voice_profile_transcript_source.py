from enum import StrEnum

class VoiceProfileTranscriptSource(StrEnum):
    NONE = "none"
    USER = "user"
    WHISPER = "whisper"

    def __str__(self) -> str:
        return str(self.value)
