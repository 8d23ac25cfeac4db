from enum import StrEnum

class ConversationLanguage(StrEnum):
    AUTO = "auto"
    EN = "en"
    ZH = "zh"

    def __str__(self) -> str:
        return str(self.value)
