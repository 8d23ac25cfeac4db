from enum import StrEnum

class LiveEndedEventReason(StrEnum):
    DELETED = "deleted"
    IDLE = "idle"
    PEER_GONE = "peer_gone"
    SHUTDOWN = "shutdown"

    def __str__(self) -> str:
        return str(self.value)
