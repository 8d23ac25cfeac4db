from enum import StrEnum

class DependencyState(StrEnum):
    DOWN = "down"
    LOADING = "loading"
    OK = "ok"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
