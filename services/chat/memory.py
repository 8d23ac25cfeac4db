"""Conversations in Redis: metadata, every turn (for the history API), the running summary, the per-conversation
turn lock and the interrupt flag. Synchronous (redis-py); async callers go through ``ServiceClients.call``.

Keys (all expire ``conversation_ttl_s`` after the last activity):
``{p}:chat:conv:{id}`` metadata JSON · ``{p}:chat:conv:{id}:turns`` hash turn index -> Turn JSON ·
``{p}:chat:conv:{id}:lock`` ``turn:<id>`` or ``compact:<id>`` · ``{p}:chat:conv:{id}:interrupt`` turn id ·
``{p}:chat:conversations`` sorted set id -> last activity (for listing).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import redis

from shared.clock import utcnow
from shared.contracts.chat import (
    Conversation,
    ConversationCreate,
    ConversationInfo,
    ConversationList,
    Turn,
)
from shared.errors import NotFound


def new_conversation_id() -> str:
    return "conv_" + uuid.uuid4().hex


def new_turn_id() -> str:
    return "turn_" + uuid.uuid4().hex


class ConversationStore:
    def __init__(self, client: redis.Redis, prefix: str, ttl_s: int, max_stored_turns: int) -> None:
        self.redis = client
        self.prefix = f"{prefix}:chat"
        self.ttl_s = ttl_s
        self.max_stored_turns = max_stored_turns

    # -- keys -----------------------------------------------------------------------------------------------
    def _meta(self, conv_id: str) -> str:
        return f"{self.prefix}:conv:{conv_id}"

    def _turns(self, conv_id: str) -> str:
        return f"{self.prefix}:conv:{conv_id}:turns"

    def _lock(self, conv_id: str) -> str:
        return f"{self.prefix}:conv:{conv_id}:lock"

    def _interrupt(self, conv_id: str) -> str:
        return f"{self.prefix}:conv:{conv_id}:interrupt"

    @property
    def _index(self) -> str:
        return f"{self.prefix}:conversations"

    # -- conversations --------------------------------------------------------------------------------------
    def create(self, body: ConversationCreate, persona: str, voice_id: str | None) -> Conversation:
        now = utcnow()
        conv = Conversation(
            id=new_conversation_id(),
            created_at=now,
            updated_at=now,
            expires_at=now + timedelta(seconds=self.ttl_s),
            avatar_id=body.avatar_id,
            voice_id=voice_id,
            speak=body.speak,
            persona=persona,
            language=body.language,
            llm=body.llm,
            memory=body.memory,
        )
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(self._meta(conv.id), conv.model_dump_json(exclude={"turns"}), ex=self.ttl_s)
        pipe.zadd(self._index, {conv.id: now.timestamp()})
        pipe.execute()
        return conv

    def get_meta(self, conv_id: str) -> Conversation:
        raw = self.redis.get(self._meta(conv_id))
        if raw is None:
            raise NotFound(f"No conversation {conv_id} (it may have expired).", code="conversation_not_found")
        return Conversation.model_validate_json(raw)

    def get(self, conv_id: str) -> Conversation:
        conv = self.get_meta(conv_id)
        conv.turns = self.turns(conv_id)
        return conv

    def turns(self, conv_id: str) -> list[Turn]:
        raw: dict[str, str] = self.redis.hgetall(self._turns(conv_id))  # type: ignore[assignment]
        turns = [Turn.model_validate_json(v) for v in raw.values()]
        return sorted(turns, key=lambda t: t.index)

    def list(self, limit: int, cursor: str | None) -> ConversationList:
        """Newest activity first; ``cursor`` is the offset of the next page. Expired entries are pruned."""
        start = int(cursor) if cursor and cursor.isdigit() else 0
        ids = [str(i) for i in self.redis.zrevrange(self._index, start, start + limit - 1)]
        items: list[ConversationInfo] = []
        expired: list[str] = []
        for conv_id in ids:
            conv = self._meta_or_none(conv_id)
            if conv is None:
                expired.append(conv_id)
                continue
            count = self.next_turn_index(conv_id)
            last = self.redis.hget(self._turns(conv_id), str(count - 1)) if count else None
            items.append(
                ConversationInfo(
                    id=conv.id,
                    created_at=conv.created_at,
                    updated_at=conv.updated_at,
                    avatar_id=conv.avatar_id,
                    voice_id=conv.voice_id,
                    language=conv.language,
                    turn_count=count,
                    last_message=Turn.model_validate_json(last).user[:200] if last else None,
                )
            )
        if expired:
            self.redis.zrem(self._index, *expired)
        more = len(ids) == limit and self.redis.zcard(self._index) > start + limit
        return ConversationList(items=items, next_cursor=str(start + limit) if more else None)

    def delete(self, conv_id: str) -> bool:
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(self._meta(conv_id), self._turns(conv_id), self._interrupt(conv_id), self._lock(conv_id))
        pipe.zrem(self._index, conv_id)
        deleted, _ = pipe.execute()
        return bool(deleted)

    def set_summary(self, conv_id: str, summary: str, summarized_turns: int) -> None:
        conv = self._meta_or_none(conv_id)
        if conv is None:
            return
        conv.summary, conv.summarized_turns = summary, summarized_turns
        self._save_meta(conv)

    # -- turns ----------------------------------------------------------------------------------------------
    def next_turn_index(self, conv_id: str) -> int:
        keys = self.redis.hkeys(self._turns(conv_id))
        return max((int(k) for k in keys), default=-1) + 1

    def save_turn(self, conv_id: str, turn: Turn) -> None:
        """Write (or rewrite) a turn; no-op when the conversation was deleted meanwhile."""
        conv = self._meta_or_none(conv_id)
        if conv is None:
            return
        key = self._turns(conv_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(key, str(turn.index), turn.model_dump_json())
        if turn.index >= self.max_stored_turns:
            pipe.hdel(key, str(turn.index - self.max_stored_turns))
        pipe.expire(key, self.ttl_s)
        pipe.execute()
        self._save_meta(conv)

    def _meta_or_none(self, conv_id: str) -> Conversation | None:
        raw = self.redis.get(self._meta(conv_id))
        return Conversation.model_validate_json(raw) if raw is not None else None

    def _save_meta(self, conv: Conversation) -> None:
        """Store metadata and push every key's expiry to ``ttl`` from now."""
        now = utcnow()
        conv.updated_at, conv.expires_at = now, now + timedelta(seconds=self.ttl_s)
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(self._meta(conv.id), conv.model_dump_json(exclude={"turns"}), ex=self.ttl_s)
        pipe.expire(self._turns(conv.id), self.ttl_s)
        pipe.zadd(self._index, {conv.id: now.timestamp()})
        pipe.execute()

    # -- one turn at a time, and interrupts -------------------------------------------------------------------
    def acquire(self, conv_id: str, holder: str, ttl_s: int) -> str | None:
        """Take the conversation's lock for ``holder``; returns the current holder when someone has it."""
        key = self._lock(conv_id)
        while True:
            if self.redis.set(key, holder, nx=True, ex=ttl_s):
                return None
            current = self.redis.get(key)
            if current is not None:  # else it was released between the two calls: try again
                return str(current)

    def relabel(self, conv_id: str, old: str, new: str, ttl_s: int) -> bool:
        """Hand the lock from ``old`` to ``new`` without a gap (a turn to its summary step, or a stale holder
        to a new turn)."""
        return self._compare_and(conv_id, old, lambda pipe: pipe.set(self._lock(conv_id), new, ex=ttl_s))

    def release(self, conv_id: str, holder: str) -> bool:
        return self._compare_and(conv_id, holder, lambda pipe: pipe.delete(self._lock(conv_id)))

    def holder(self, conv_id: str) -> str | None:
        raw = self.redis.get(self._lock(conv_id))
        return str(raw) if raw is not None else None

    def _compare_and(self, conv_id: str, expected: str, action: Callable[[Any], object]) -> bool:
        """Run ``action`` in a transaction if the lock is still held by ``expected``."""
        key = self._lock(conv_id)
        for _ in range(3):  # a WatchError means the key changed under us: look again
            with self.redis.pipeline(transaction=True) as pipe:
                try:
                    pipe.watch(key)
                    current = pipe.get(key)
                    if current is None or current != expected:
                        return False
                    pipe.multi()
                    action(pipe)
                    pipe.execute()
                    return True
                except redis.WatchError:
                    continue
        return False

    def find_turn(self, conv_id: str, turn_id: str) -> Turn | None:
        return next((t for t in self.turns(conv_id) if t.id == turn_id), None)

    def request_interrupt(self, conv_id: str, turn_id: str) -> None:
        self.redis.set(self._interrupt(conv_id), turn_id, ex=120)

    def interrupt_requested(self, conv_id: str, turn_id: str) -> bool:
        raw = self.redis.get(self._interrupt(conv_id))
        return raw is not None and raw == turn_id
