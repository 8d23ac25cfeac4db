"""API-key authentication (``Authorization: Bearer <key>`` or ``X-API-Key``), per-key rate limits, and the check
that a request comes from a browser on the gateway's own machine (which may be handed the key)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from urllib.parse import urlsplit

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


# Headers a reverse proxy adds: behind one on the same machine every client would look local.
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")
LOOPBACK_HOSTNAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def _is_loopback_address(host: str | None) -> bool:
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _is_loopback_hostname(hostname: str | None) -> bool:
    name = (hostname or "").strip("[]").lower()
    return name in LOOPBACK_HOSTNAMES or name.endswith(".localhost") or _is_loopback_address(name)


def why_not_local_browser(request: Request) -> str | None:
    """Why ``request`` may not be from a browser on the gateway's own machine (``None``: it is).

    Hand-written because no library answers "is this the local user's own browser": the peer address must be
    loopback and no proxy may have forwarded the request; the Host must be a loopback name, which defeats DNS
    rebinding (a web page whose name resolves to 127.0.0.1 still sends its own name); an Origin, sent on
    cross-origin calls, must be a loopback one too, so a web site cannot read the key even where
    GATEWAY_CORS_ORIGINS lets it call the API."""
    if not _is_loopback_address(request.client.host if request.client else None):
        return "the client is not on the gateway's own machine"
    if any(name in request.headers for name in FORWARDING_HEADERS):
        return "the request came through a proxy"
    if not _is_loopback_hostname(request.url.hostname):
        return "the request's Host is not a loopback name"
    origin = request.headers.get("origin")
    if origin is not None and not _is_loopback_hostname(urlsplit(origin).hostname):
        return "the request comes from a page of another site"
    return None
