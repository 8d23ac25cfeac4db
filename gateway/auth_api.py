"""``/api/v1/auth``: test an API key, and hand the key to the web app of a local stack.

Why a loopback hand-out rather than a key in the printed URL: the SPA then works from any way a developer opens
it (the printed URL, a bookmark, ``localhost`` typed by hand) and nothing secret lands in browser history. It is
served only when ``GATEWAY_LOCAL_KEY_BOOTSTRAP`` allows it (never with ``TALKFACE_ENV=prod``) and only to a
browser on the gateway's machine (:func:`gateway.auth.why_not_local_browser`); everyone else gets the web app's
first-run dialog, which asks for the key once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from gateway.auth import require_api_key, why_not_local_browser
from gateway.deps import GatewayDeps
from gateway.proxy import PROBLEM_RESPONSES
from shared.contracts.common import ApiKeyCheck, LocalApiKey
from shared.errors import ErrorCode as E
from shared.errors import Forbidden, problem_responses

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


@router.get(
    "/key",
    operation_id="auth-check-key",
    response_model=ApiKeyCheck,
    responses=PROBLEM_RESPONSES,
    summary="Check the API key sent with this request",
)
async def check_key(key_id: Annotated[str, Depends(require_api_key)]) -> ApiKeyCheck:
    return ApiKeyCheck(key_id=key_id)


@router.get(
    "/local-key",
    operation_id="auth-local-key",
    response_model=LocalApiKey,
    responses=problem_responses(E.local_key_refused),
    summary="The API key, for a browser on the gateway's own machine (local stacks only)",
    openapi_extra={"security": []},
)
async def local_key(request: Request, response: Response, state: GatewayDeps) -> LocalApiKey:
    settings = state.settings
    reason: str | None
    if not settings.local_key_bootstrap:
        reason = "this gateway does not hand out its key (GATEWAY_LOCAL_KEY_BOOTSTRAP, off when TALKFACE_ENV=prod)"
    elif not settings.api_keys:
        reason = "this gateway has no API key configured (API_KEYS)"
    else:
        reason = why_not_local_browser(request)
    if reason is not None:
        raise Forbidden(f"No API key for this client: {reason}.", code="local_key_refused")
    response.headers["Cache-Control"] = "no-store"
    return LocalApiKey(api_key=settings.api_keys[0].get_secret_value())
