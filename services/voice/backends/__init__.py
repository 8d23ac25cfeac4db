"""Speech backends: one small Protocol, a registry keyed by name (``VOICE_BACKEND``), one module per engine.

Engine libraries are imported lazily inside each module, so the service starts (and says why it is not
ready) on a machine that lacks an optional engine.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from shared.contracts.voice import CloneInfo

if TYPE_CHECKING:
    from services.voice.profiles import ProfileContext
    from services.voice.settings import VoiceSettings
    from services.voice.speaker import SpeakerEncoder
    from services.voice.text import Segment


@dataclass(frozen=True)
class BuiltinVoice:
    """A voice an engine ships (no reference recording)."""

    id: str
    name: str
    engine: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class VoiceTarget:
    """Who speaks: a built-in voice, or a user's profile (manifest plus lazy access to its stored assets)."""

    voice_id: str
    builtin: BuiltinVoice | None = None
    profile: ProfileContext | None = None

    @property
    def languages(self) -> tuple[str, ...]:
        return self.builtin.languages if self.builtin else ("zh", "en")


@dataclass(frozen=True)
class SynthesisOptions:
    speed: float = 1.0
    pitch_semitones: float = 0.0
    instruct: str | None = None
    clone: bool = True


@dataclass
class AudioChunk:
    """Mono float32 audio in [-1, 1]."""

    audio: np.ndarray
    sample_rate: int
    meta: dict[str, Any] = field(default_factory=dict)


class SpeechBackend(Protocol):
    """What the service needs from an engine. Implementations load their models once per process."""

    name: str

    def load(self) -> None:
        """Load models (slow; called once, off the event loop)."""

    def check_ready(self) -> None:
        """Raise with a reason when the backend cannot synthesise (readiness probe)."""

    def builtin_voices(self) -> list[BuiltinVoice]: ...

    def prepare_profile(self, profile: ProfileContext) -> CloneInfo | None:
        """Do the once-per-reference work (style search, prompt features) and cache it with the profile."""

    def synthesize(self, segment: Segment, target: VoiceTarget, options: SynthesisOptions) -> Iterator[AudioChunk]:
        """Speak one normalised segment; may yield several chunks (engines that stream inside a sentence)."""


_REGISTRY: dict[str, str] = {
    "embedded": "services.voice.backends.embedded:EmbeddedBackend",
    "cosyvoice": "services.voice.backends.cosyvoice:CosyVoiceBackend",
    "openvoice": "services.voice.backends.openvoice:OpenVoiceBackend",
}


def backend_names() -> list[str]:
    return sorted(_REGISTRY)


def create_backend(settings: VoiceSettings, speaker: SpeakerEncoder) -> SpeechBackend:
    """Instantiate the backend named by ``VOICE_BACKEND`` (its models are loaded later by ``load``)."""
    try:
        target = _REGISTRY[settings.backend]
    except KeyError:
        raise ValueError(f"unknown VOICE_BACKEND {settings.backend!r}; choose one of {backend_names()}") from None
    module_name, class_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    backend: SpeechBackend = cls(settings, speaker)
    return backend
