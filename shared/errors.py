"""One exception tree, rendered as RFC 9457 problem+json by one handler installed on every app.

Raise a subclass of :class:`ProblemError` anywhere (API, service, worker); its ``code`` is the stable,
machine-readable identifier clients switch on, its ``status`` the HTTP status.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from minio.error import MinioException
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.contracts.common import Problem
from shared.logging import request_id_var

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://talkface.dev/problems/"


class ProblemError(Exception):
    """Base of every error a client may see. Subclasses set status, code and title."""

    status: int = 500
    code: str = "internal_error"
    title: str = "Internal error"
    retryable: bool = False

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        title: str | None = None,
        retryable: bool | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        if title is not None:
            self.title = title
        if retryable is not None:
            self.retryable = retryable
        self.extra = extra or {}

    def to_problem(self, instance: str | None = None) -> Problem:
        return Problem(
            type=PROBLEM_TYPE_BASE + self.code,
            title=self.title,
            status=self.status,
            detail=self.detail,
            code=self.code,
            retryable=self.retryable,
            instance=instance,
            **self.extra,
        )

    @classmethod
    def from_problem(cls, problem: Problem) -> ProblemError:
        """Rebuild an error from a stored or upstream problem (e.g. a failed job's)."""
        return cls(
            problem.detail,
            code=problem.code,
            status=problem.status,
            title=problem.title,
            retryable=problem.retryable,
        )


class BadRequest(ProblemError):
    status, code, title = 400, "bad_request", "Bad request"


class Unauthorized(ProblemError):
    status, code, title = 401, "unauthorized", "Missing or invalid API key"


class NotFound(ProblemError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(ProblemError):
    status, code, title = 409, "conflict", "Conflict"


class PayloadTooLarge(ProblemError):
    status, code, title = 413, "payload_too_large", "Payload too large"


class UnsupportedMediaType(ProblemError):
    status, code, title = 415, "unsupported_media_type", "Unsupported media type"


class InvalidInput(ProblemError):
    """The request is well-formed but its content cannot be used (undecodable audio, no face ...)."""

    status, code, title = 422, "invalid_input", "Invalid input"


class RateLimited(ProblemError):
    status, code, title, retryable = 429, "rate_limited", "Too many requests", True


class NotImplementedYet(ProblemError):
    """A feature that is declared in the API but cannot work yet; the detail says why."""

    status, code, title = 501, "not_implemented", "Not implemented"


class UpstreamError(ProblemError):
    status, code, title, retryable = 502, "upstream_error", "Upstream service failed", True


class ServiceUnavailable(ProblemError):
    status, code, title, retryable = 503, "service_unavailable", "Service unavailable", True


class UpstreamTimeout(ProblemError):
    status, code, title, retryable = 504, "upstream_timeout", "Upstream service timed out", True


class JobCancelled(Exception):
    """Raised inside a worker when the job's cancel flag is seen; not an error for the client."""


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries declaring problem+json bodies for these status codes (for route decorators)."""
    return {code: {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}} for code in codes}


def problem_response(problem: Problem, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        problem.model_dump(exclude_none=True, mode="json"),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _validation_detail(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    return f"{'.'.join(first['loc'])}: {first['msg']}", errors


def to_problem_error(exc: BaseException) -> ProblemError:
    """Map infrastructure failures to their client-facing errors; anything else is an internal error."""
    if isinstance(exc, ProblemError):
        return exc
    if isinstance(exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return ServiceUnavailable("The job store (Redis) is unreachable.", code="redis_unavailable")
    if isinstance(exc, MinioException | ConnectionError | TimeoutError) or type(exc).__module__.startswith("urllib3"):
        return ServiceUnavailable("The artifact store (S3) is unreachable.", code="storage_unavailable")
    return ProblemError("An unexpected error occurred; the request id identifies it in the logs.")


def install_error_handlers(app: FastAPI) -> None:
    """The single place where exceptions become problem+json responses."""

    def instance() -> str | None:
        return request_id_var.get()

    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.to_problem(instance()))

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = _validation_detail(exc)
        err = InvalidInput(detail, code="validation_error", title="Request validation failed", extra={"errors": errors})
        return problem_response(err.to_problem(instance()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 413: "payload_too_large"}
        err = ProblemError(
            str(exc.detail),
            status=exc.status_code,
            code=codes.get(exc.status_code, f"http_{exc.status_code}"),
            title=str(exc.detail),
        )
        if exc.status_code == 404 and exc.detail == "Not Found":
            err.detail = "No such route."
        return problem_response(err.to_problem(instance()), headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        err = to_problem_error(exc)
        if err.status >= 500 and not isinstance(exc, ProblemError):
            log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem_response(err.to_problem(instance()))
