"""The chat app's typed state (built in ``main.py``'s lifespan) and the dependency routes take it by."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from services.chat.llm import LLMClient
from services.chat.memory import ConversationStore
from services.chat.settings import ChatSettings
from shared.app_state import depends_on_state
from shared.clients import VideoClient, VoiceClient
from shared.service_app import ServiceState

if TYPE_CHECKING:
    from services.chat.pipeline import TurnRunner


@dataclass
class ChatState(ServiceState):
    """Everything a turn needs, built once at start-up; plus the turns running in this process."""

    settings: ChatSettings
    store: ConversationStore
    llm: LLMClient
    voice: VoiceClient
    video: VideoClient
    active: dict[str, TurnRunner] = field(default_factory=dict)
    background: set[asyncio.Task[Any]] = field(default_factory=set)

    def spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro)
        self.background.add(task)
        task.add_done_callback(self.background.discard)
        return task


ChatDeps = Annotated[ChatState, depends_on_state(ChatState)]
