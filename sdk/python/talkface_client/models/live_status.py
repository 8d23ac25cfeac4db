from enum import StrEnum

class LiveStatus(StrEnum):
    CLOSED = "closed"
    CONNECTED = "connected"
    CONNECTING = "connecting"
    NEW = "new"

    def __str__(self) -> str:
        return str(self.value)
