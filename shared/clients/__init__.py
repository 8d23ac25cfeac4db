"""Typed clients of the TalkFace services, for the services that call each other over HTTP.

One ``httpx.AsyncClient`` per process (built in lifespan by :func:`upstream_http`) carries every call; each
client adds its base URL, forwards the request id and maps failures with one policy (:mod:`.upstream`).
"""

from shared.clients.chat import ChatClient
from shared.clients.upstream import UpstreamClient, problem_from_response, transport_error, upstream_http
from shared.clients.video import VideoClient
from shared.clients.voice import Speech, VoiceClient

__all__ = [
    "ChatClient",
    "Speech",
    "UpstreamClient",
    "VideoClient",
    "VoiceClient",
    "problem_from_response",
    "transport_error",
    "upstream_http",
]
