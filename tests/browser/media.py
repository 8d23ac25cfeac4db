"""Media the browser tests upload: speech-like audio (tests/helpers) and a real portrait photo (scikit-image)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import voiced_signal, write_wav


def speech_wav(directory: Path, seconds: float = 2.0, name: str = "voice.wav") -> Path:
    return write_wav(directory / name, voiced_signal(f0=140.0, seconds=seconds))


def portrait_png(directory: Path) -> Path:
    """The astronaut photo shipped in scikit-image: one frontal face, no download needed."""
    import skimage.data
    import skimage.io

    path = directory / "portrait.png"
    skimage.io.imsave(path, skimage.data.astronaut(), check_contrast=False)
    return path


def recorded_speech(name: str = "clone-test.wav") -> Path:
    """A real recording of read English shipped in the moonshine-voice wheel (4 s; `beckett.wav` is 10 s)."""
    import moonshine_voice

    return Path(moonshine_voice.__file__).parent / "assets" / name
