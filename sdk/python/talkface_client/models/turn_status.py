from enum import StrEnum

class TurnStatus(StrEnum):
    ANSWERED = "answered"
    INCOMPLETE = "incomplete"
    INTERRUPTED = "interrupted"
    IN_PROGRESS = "in_progress"
    UNANSWERED = "unanswered"

    def __str__(self) -> str:
        return str(self.value)
