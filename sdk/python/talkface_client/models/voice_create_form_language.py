from enum import StrEnum

class VoiceCreateFormLanguage(StrEnum):
    EN = "en"
    ZH = "zh"

    def __str__(self) -> str:
        return str(self.value)
