"""Live avatar sessions (video service, WebRTC): the session resource, the SDP exchange, and the JSON messages of
the ``talkface`` data channel in both directions.

Signalling is plain HTTP through the gateway; media (one video + one audio track out, one microphone track in)
and the data channel flow peer to peer between the browser and the video service.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

from shared.contracts.chat import Language
from shared.contracts.common import Problem

API_KEY_ID_HEADER = "X-TalkFace-Key-Id"
"""Set by the gateway on every forwarded request: a non-secret handle of the caller's API key (per-key limits)."""
DATA_CHANNEL = "talkface"
LIVE_FPS_RANGE = (10, 30)
LIVE_SIZE_RANGE = (128, 512)


class LiveSessionCreate(BaseModel):
    """``POST /api/v1/live/sessions``: who speaks, with which voice, in which conversation, at which size."""

    avatar_id: str = Field(description="The avatar to animate (any renderer: portrait, ER-NeRF once trained).")
    voice_id: str | None = Field(
        None, description="Voice of the replies; default: the avatar's default voice, else the chat default."
    )
    conversation_id: str | None = Field(
        None, description="Continue this chat conversation; default: a new one (with `persona`, `language`)."
    )
    persona: str | None = Field(None, max_length=4000, description="System prompt of a new conversation.")
    language: Language = "auto"
    size: int = Field(256, ge=LIVE_SIZE_RANGE[0], le=LIVE_SIZE_RANGE[1], multiple_of=2, description="Square side.")
    fps: int = Field(25, ge=LIVE_FPS_RANGE[0], le=LIVE_FPS_RANGE[1])


class IceServer(BaseModel):
    """A STUN/TURN server, in the shape of the browser's ``RTCIceServer``."""

    urls: list[str]
    username: str | None = None
    credential: str | None = None


class LiveStatus(StrEnum):
    new = "new"  # created, waiting for the client's offer
    connecting = "connecting"  # answered, ICE/DTLS in progress
    connected = "connected"
    closed = "closed"


class LiveSession(BaseModel):
    id: str
    status: LiveStatus
    avatar_id: str
    voice_id: str
    conversation_id: str
    size: int
    fps: int
    created_at: datetime
    ice_servers: list[IceServer] = Field(
        default_factory=list, description="Pass to `new RTCPeerConnection({iceServers})` (TURN where configured)."
    )
    idle_timeout_s: float = Field(description="The session ends after this long without the user speaking.")
    frames_sent: int = 0
    turns: int = 0


class LiveSessionList(BaseModel):
    items: list[LiveSession]
    capacity: int = Field(description="Live sessions this worker runs at most.")


class SessionDescription(BaseModel):
    """An SDP offer (client → server) or answer (server → client), as ``RTCSessionDescription``."""

    sdp: str = Field(min_length=1, max_length=64_000)
    type: Literal["offer", "answer"]


# -- the `talkface` data channel: client -> server ------------------------------------------------------------


class LiveTextMessage(BaseModel):
    """The user's turn as text (instead of speech)."""

    type: Literal["text"] = "text"
    text: str = Field(min_length=1)


class LiveInterruptMessage(BaseModel):
    """Stop the avatar now (as barge-in by voice does)."""

    type: Literal["interrupt"] = "interrupt"


# -- the `talkface` data channel: server -> client ------------------------------------------------------------


class LiveState(StrEnum):
    listening = "listening"  # idle, waiting for the user
    hearing = "hearing"  # the user is speaking (voice activity on the microphone)
    thinking = "thinking"  # the turn is with ASR / the LLM
    speaking = "speaking"  # reply speech is playing


class LiveStateEvent(BaseModel):
    type: Literal["state"] = "state"
    state: LiveState


class LiveTranscriptEvent(BaseModel):
    """What the user said (speech recognised by the voice service's Whisper), or the text they sent."""

    type: Literal["transcript"] = "transcript"
    # The chat turn when the chat transcribed the recording; absent for typed text and for speech transcribed
    # ahead, at a pause before the end of the turn (the chat then received text).
    turn_id: str | None = None
    text: str
    language: str | None = None


class LiveTextDeltaEvent(BaseModel):
    type: Literal["text.delta"] = "text.delta"
    delta: str


class LiveSentenceEvent(BaseModel):
    """A reply sentence scheduled on the media clock: its audio starts ``start_s`` after the tracks began."""

    type: Literal["sentence"] = "sentence"
    index: int
    text: str
    start_s: float
    duration_s: float


class LiveReplyDoneEvent(BaseModel):
    """The end of a reply: ``text`` is what was actually said (kept in the conversation's history)."""

    type: Literal["reply.done"] = "reply.done"
    turn_id: str | None = None
    status: str = Field(description="`answered`, `interrupted`, `incomplete` or `unanswered` (as chat's `done`).")
    text: str


class LiveErrorEvent(BaseModel):
    """A failed turn (ASR, LLM, speech): the session goes on listening."""

    type: Literal["error"] = "error"
    stage: Literal["asr", "llm", "speech", "render"]
    problem: Problem


EndReason = Literal["idle", "deleted", "peer_gone", "shutdown"]


class LiveEndedEvent(BaseModel):
    """Sent before the server closes the session (idle timeout, DELETE, shutdown)."""

    type: Literal["ended"] = "ended"
    reason: EndReason


CLIENT_MESSAGES = ("LiveTextMessage", "LiveInterruptMessage")
SERVER_EVENTS = (
    "LiveStateEvent",
    "LiveTranscriptEvent",
    "LiveTextDeltaEvent",
    "LiveSentenceEvent",
    "LiveReplyDoneEvent",
    "LiveErrorEvent",
    "LiveEndedEvent",
)
