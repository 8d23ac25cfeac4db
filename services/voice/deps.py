"""The voice app's typed state (built in ``main.py``'s lifespan) and the dependency routes take it by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from services.voice.profiles import ProfileStore
from services.voice.runtime import VoiceRuntime
from services.voice.settings import VoiceSettings
from shared.app_state import depends_on_state
from shared.service_app import ServiceState


@dataclass
class VoiceState(ServiceState):
    """The models and the profile store of this process."""

    settings: VoiceSettings
    runtime: VoiceRuntime
    store: ProfileStore


VoiceDeps = Annotated[VoiceState, depends_on_state(VoiceState)]
