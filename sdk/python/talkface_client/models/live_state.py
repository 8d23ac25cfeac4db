from enum import StrEnum

class LiveState(StrEnum):
    HEARING = "hearing"
    LISTENING = "listening"
    SPEAKING = "speaking"
    THINKING = "thinking"

    def __str__(self) -> str:
        return str(self.value)
