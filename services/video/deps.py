"""The video app's typed state (built in ``main.py``'s lifespan) and the dependency routes take it by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from services.video.face import FaceAnalyzer
from services.video.settings import VideoSettings
from shared.app_state import depends_on_state
from shared.clients import VoiceClient
from shared.service_app import ServiceState


@dataclass
class VideoState(ServiceState):
    """One client of the voice service and one set of mediapipe graphs for the life of the process."""

    settings: VideoSettings
    voice: VoiceClient
    faces: FaceAnalyzer


VideoDeps = Annotated[VideoState, depends_on_state(VideoState)]
