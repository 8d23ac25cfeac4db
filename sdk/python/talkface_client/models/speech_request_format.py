from enum import StrEnum

class SpeechRequestFormat(StrEnum):
    MP3 = "mp3"
    OGG = "ogg"
    PCM = "pcm"
    WAV = "wav"

    def __str__(self) -> str:
        return str(self.value)
