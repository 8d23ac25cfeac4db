from enum import StrEnum

class AvatarKind(StrEnum):
    ERNERF = "ernerf"
    PORTRAIT = "portrait"

    def __str__(self) -> str:
        return str(self.value)
