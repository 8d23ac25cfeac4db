from enum import StrEnum

class LiveSessionCreateLanguage(StrEnum):
    AUTO = "auto"
    EN = "en"
    ZH = "zh"

    def __str__(self) -> str:
        return str(self.value)
