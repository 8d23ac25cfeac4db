from enum import StrEnum

class SessionDescriptionType(StrEnum):
    ANSWER = "answer"
    OFFER = "offer"

    def __str__(self) -> str:
        return str(self.value)
