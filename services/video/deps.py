"""The video app's typed state (built in ``main.py``'s lifespan) and the dependency routes take it by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from services.video.face import FaceAnalyzer
from services.video.live.registry import LiveSessions
from services.video.settings import VideoSettings
from shared.app_state import depends_on_state
from shared.clients import VoiceClient
from shared.service_app import ServiceState


@dataclass
class VideoState(ServiceState):
    """One client of the voice service, one set of mediapipe graphs and the live sessions, for the life of the
    process."""

    settings: VideoSettings
    voice: VoiceClient
    faces: FaceAnalyzer
    live: LiveSessions


VideoDeps = Annotated[VideoState, depends_on_state(VideoState)]
