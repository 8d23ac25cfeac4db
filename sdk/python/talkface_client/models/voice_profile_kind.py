from enum import StrEnum

class VoiceProfileKind(StrEnum):
    BUILTIN = "builtin"
    PROFILE = "profile"

    def __str__(self) -> str:
        return str(self.value)
