from enum import StrEnum

class Background(StrEnum):
    COLOUR = "colour"
    IMAGE = "image"
    KEEP = "keep"

    def __str__(self) -> str:
        return str(self.value)
