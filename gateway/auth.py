"""API-key authentication (``Authorization: Bearer <key>`` or ``X-API-Key``) and per-key rate limits."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from limits import parse
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter

from gateway.deps import GatewayState
from shared.app_state import get_state
from shared.errors import RateLimited, Unauthorized, to_problem_error

bearer_scheme = HTTPBearer(auto_error=False, description="API key as a bearer token")
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key")


def key_id(key: str) -> str:
    """A stable, non-secret handle for a key (rate-limit buckets, logs)."""
    return hashlib.sha256(key.encode()).hexdigest()[:16]


class RateLimiter:
    def __init__(self, redis_url: str, rate: str, prefix: str) -> None:
        self.item = parse(rate) if rate else None
        self.storage = RedisStorage(f"async+{redis_url}", implementation="redispy", key_prefix=f"{prefix}:rl")
        self.limiter = MovingWindowRateLimiter(self.storage)

    async def hit(self, identity: str) -> None:
        if self.item is None:
            return
        try:
            allowed = await self.limiter.hit(self.item, identity)
        except Exception as exc:
            raise to_problem_error(exc) from exc
        if not allowed:
            raise RateLimited(f"Rate limit of {self.item} exceeded for this API key.")


async def require_api_key(request: Request) -> str:
    """Dependency on every protected route; returns the key's id."""
    credentials: HTTPAuthorizationCredentials | None = await bearer_scheme(request)
    presented = credentials.credentials if credentials else await api_key_scheme(request)
    if not presented:
        raise Unauthorized(
            "Send an API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`.", code="missing_api_key"
        )
    state = get_state(request.app, GatewayState)
    valid = state.settings.api_key_values()
    if not any(hmac.compare_digest(presented.encode(), k.encode()) for k in valid):
        raise Unauthorized("The API key is not valid.", code="invalid_api_key")
    identity = key_id(presented)
    await state.rate_limiter.hit(identity)
    return identity
