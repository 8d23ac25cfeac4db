"""One exception tree, rendered as RFC 9457 problem+json by one handler installed on every app.

Raise a subclass of :class:`ProblemError` anywhere (API, service, worker); its ``code`` is the stable,
machine-readable identifier clients switch on, its ``status`` the HTTP status.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from enum import StrEnum
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


class ErrorCode(StrEnum):
    """Every stable ``code`` a client may see, with its HTTP status and what it means.

    Routes declare their errors from this list (:func:`problem_responses`) and ``docs/errors.md`` is
    generated from it (``python -m scripts.gen_error_docs``); a unit test checks that every code raised in the
    source is listed here with the status of the class that raises it.
    """

    status: int
    meaning: str

    def __new__(cls, value: str, status: int, meaning: str) -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        member.meaning = meaning
        return member

    # -- any route -----------------------------------------------------------------------------------------
    bad_request = "bad_request", 400, "The request is malformed."
    unauthorized = "unauthorized", 401, "Authentication failed."
    missing_api_key = "missing_api_key", 401, "No API key was sent (`Authorization: Bearer` or `X-API-Key`)."
    invalid_api_key = "invalid_api_key", 401, "The API key is not valid."
    forbidden = "forbidden", 403, "This client may not do this."
    local_key_refused = (
        "local_key_refused",
        403,
        "The API key is handed only to a browser on the gateway's own machine, never in production.",
    )
    not_found = "not_found", 404, "No such route or resource."
    method_not_allowed = "method_not_allowed", 405, "The route does not take this method."
    conflict = "conflict", 409, "The resource is in a state that does not allow this."
    payload_too_large = "payload_too_large", 413, "The request body is over the size limit."
    unsupported_media_type = "unsupported_media_type", 415, "The body's content type is not accepted here."
    invalid_input = "invalid_input", 422, "The content of the request cannot be used."
    validation_error = "validation_error", 422, "A parameter or body field is missing or invalid (`errors` lists them)."
    rate_limited = "rate_limited", 429, "Too many requests for this API key; retry later."
    internal_error = "internal_error", 500, "An unexpected error; the `instance` (request id) finds it in the logs."
    not_implemented = "not_implemented", 501, "Declared in the API but not available in this deployment."
    upstream_error = "upstream_error", 502, "A service behind the gateway failed."
    service_unavailable = "service_unavailable", 503, "The service cannot answer now; retry later."
    upstream_timeout = "upstream_timeout", 504, "A service behind the gateway did not answer in time."
    redis_unavailable = "redis_unavailable", 503, "The job store (Redis) is unreachable."
    storage_unavailable = "storage_unavailable", 503, "The artifact store (S3) is unreachable."
    voice_unavailable = "voice_unavailable", 503, "The voice service is unreachable."
    voice_timeout = "voice_timeout", 504, "The voice service did not answer in time."
    voice_error = "voice_error", 502, "The voice service failed."
    video_unavailable = "video_unavailable", 503, "The video service is unreachable."
    video_timeout = "video_timeout", 504, "The video service did not answer in time."
    video_error = "video_error", 502, "The video service failed."
    chat_unavailable = "chat_unavailable", 503, "The chat service is unreachable."
    chat_timeout = "chat_timeout", 504, "The chat service did not answer in time."
    chat_error = "chat_error", 502, "The chat service failed."
    trainer_unavailable = "trainer_unavailable", 503, "The trainer service is unreachable."
    trainer_timeout = "trainer_timeout", 504, "The trainer service did not answer in time."
    trainer_error = "trainer_error", 502, "The trainer service failed."
    # -- jobs and artifacts --------------------------------------------------------------------------------
    job_not_found = "job_not_found", 404, "No job with that id (or it expired)."
    job_finished = "job_finished", 409, "The job has already finished; it cannot be cancelled."
    bad_event_id = "bad_event_id", 400, "`Last-Event-ID` is not a stream id like `1700000000000-0`."
    artifact_not_found = "artifact_not_found", 404, "No stored artifact with that id."
    bad_artifact_id = "bad_artifact_id", 422, "The artifact id is malformed or not one of ours."
    # -- media ---------------------------------------------------------------------------------------------
    undecodable_audio = "undecodable_audio", 422, "The audio could not be decoded."
    audio_too_short = "audio_too_short", 422, "The audio is too short."
    audio_too_long = "audio_too_long", 413, "The audio is over the length limit."
    media_timeout = "media_timeout", 422, "Decoding the media took too long."
    upload_too_large = "upload_too_large", 413, "The uploaded file is over its size limit."
    # -- voice ---------------------------------------------------------------------------------------------
    voice_not_found = "voice_not_found", 404, "No voice profile or built-in voice with that id."
    voice_read_only = "voice_read_only", 409, "Built-in voices cannot be changed or deleted."
    voice_backend_unavailable = "voice_backend_unavailable", 503, "The speech engine is loading or failed to load."
    enrollment_not_supported = (
        "enrollment_not_supported",
        409,
        "Enrollment (fitting the voice) needs the embedded backend; this service runs another.",
    )
    enrollment_not_running = "enrollment_not_running", 409, "The voice has no enrollment job to cancel."
    empty_text = "empty_text", 422, "There is nothing to say."
    text_too_long = "text_too_long", 413, "The text is over the length limit (use a job for long text)."
    unsupported_language = "unsupported_language", 422, "The language is not one the engine speaks."
    instruct_not_supported = "instruct_not_supported", 422, "Style instructions need the CosyVoice backend."
    invalid_name = "invalid_name", 422, "The name is empty or invalid."
    reference_too_short = "reference_too_short", 422, "The reference has under 3 s of speech."
    reference_too_long = "reference_too_long", 422, "The reference is over 30 s."
    reference_silent = "reference_silent", 422, "The reference is silent."
    reference_no_speech = "reference_no_speech", 422, "No speech was found in the reference."
    # -- video ---------------------------------------------------------------------------------------------
    avatar_not_found = "avatar_not_found", 404, "No avatar with that id."
    avatar_kind_not_available = "avatar_kind_not_available", 422, "Only portrait avatars are created by upload."
    video_not_found = "video_not_found", 404, "No past render with that id."
    audio_not_found = "audio_not_found", 404, "The audio artifact does not exist."
    not_an_image = "not_an_image", 422, "The file is not an image."
    corrupt_image = "corrupt_image", 422, "The image could not be decoded."
    unsupported_image_format = "unsupported_image_format", 415, "Only jpg, png and webp photos are accepted."
    image_too_large = "image_too_large", 413, "The photo file is over the size limit."
    image_too_many_pixels = "image_too_many_pixels", 413, "The photo has too many pixels."
    image_too_small = "image_too_small", 422, "The photo is too small."
    image_too_dark = "image_too_dark", 422, "The face is too dark."
    image_too_blurry = "image_too_blurry", 422, "The face is too blurry."
    no_face = "no_face", 422, "No face was found in the photo (or in too much of the video)."
    multiple_faces = "multiple_faces", 422, "The photo (or too much of the video) has more than one face."
    face_too_small = "face_too_small", 422, "The face is too small in the photo or video."
    face_not_frontal = "face_not_frontal", 422, "The face is not frontal enough."
    speech_missing = "speech_missing", 422, "Give one of `text` (+ voice), `audio` or `audio_artifact_id`."
    speech_conflict = "speech_conflict", 422, "Give only one of `text`, `audio` or `audio_artifact_id`."
    voice_id_required = "voice_id_required", 422, "`text` needs a `voice_id` (or an avatar with a default voice)."
    background_unavailable = "background_unavailable", 422, "A background change needs an avatar with a matte."
    background_image_missing = "background_image_missing", 422, "`background=image` needs a `background_image`."
    unknown_renderer = "unknown_renderer", 422, "No renderer for this kind of avatar."
    renderer_not_available = "renderer_not_available", 501, "The renderer is not provisioned here (GPU/weights)."
    # -- live sessions (video service, WebRTC) ---------------------------------------------------------------
    live_session_not_found = "live_session_not_found", 404, "No live session with that id (or it has ended)."
    live_session_limit = "live_session_limit", 429, "This API key has as many live sessions as it may; end one first."
    live_capacity = "live_capacity", 503, "This video worker runs as many live sessions as it can; retry later."
    live_already_negotiated = "live_already_negotiated", 409, "The live session has already answered an offer."
    invalid_sdp = "invalid_sdp", 422, "The SDP offer cannot be used (no audio/video, or not an offer)."
    # -- chat ----------------------------------------------------------------------------------------------
    conversation_not_found = "conversation_not_found", 404, "No conversation with that id (or it expired)."
    turn_in_progress = "turn_in_progress", 409, "A reply is still streaming in this conversation."
    empty_message = "empty_message", 422, "The message has no text and no audio."
    text_and_audio = "text_and_audio", 422, "Send text or audio, not both."
    message_too_long = "message_too_long", 413, "The message is over the length limit."
    no_speech = "no_speech", 422, "No speech was heard in the audio message."
    asr_unavailable = "asr_unavailable", 503, "Speech recognition is loading or failed to load."
    tools_not_supported = "tools_not_supported", 422, "Tool calls are not supported."
    llm_error = "llm_error", 502, "The LLM failed."
    llm_unavailable = "llm_unavailable", 502, "The LLM endpoint is unreachable."
    llm_timeout = "llm_timeout", 504, "The LLM did not answer in time."
    # -- OpenAI-compatible routes (/v1) --------------------------------------------------------------------
    model_not_found = "model_not_found", 404, "No model of that name here (`GET /v1/models` lists them)."
    # -- trainer (identity-dataset quality gates) ----------------------------------------------------------
    undecodable_video = "undecodable_video", 422, "The file is not a readable video."
    video_too_short = "video_too_short", 422, "The video is shorter than a training dataset needs."
    video_too_long = "video_too_long", 422, "The video is over the length limit for a training dataset."
    video_too_blurry = "video_too_blurry", 422, "The face in the video is too blurry."
    moving_camera = "moving_camera", 422, "The camera moves; a training video needs a still camera."
    moving_background = "moving_background", 422, "Too much of the background changes during the video."
    audio_missing = "audio_missing", 422, "The video has no audio track."
    audio_silent = "audio_silent", 422, "The video's audio is silent."
    audio_model_not_configured = "audio_model_not_configured", 503, "The configured audio feature model is missing."
    # -- trainer (datasets) ----------------------------------------------------------------------------------
    dataset_not_found = "dataset_not_found", 404, "No dataset with that id."
    dataset_busy = "dataset_busy", 409, "The dataset's job is still running; cancel the job first."
    # -- trainer (trainings) ---------------------------------------------------------------------------------
    training_not_found = "training_not_found", 404, "No training with that id."
    training_busy = "training_busy", 409, "The training's job is still queued or running; cancel the job first."
    training_not_resumable = (
        "training_not_resumable",
        409,
        "Only a cancelled or failed training with a stored checkpoint and its dataset can be resumed.",
    )
    dataset_not_ready = "dataset_not_ready", 409, "The dataset is not ready (still processing, rejected or failed)."
    gpu_not_available = "gpu_not_available", 422, "No trainer worker serves that GPU (see `GET /api/v1/system`)."
    too_many_iterations = "too_many_iterations", 422, "More iterations than a training stage may run."
    checkpoint_not_found = "checkpoint_not_found", 404, "No stored checkpoint under that key."
    training_not_available = (
        "training_not_available",
        501,
        "The ER-NeRF model library (and torch) is not installed on the trainer worker.",
    )
    unsupported_video_format = "unsupported_video_format", 415, "Only mp4, mov, mkv, webm and avi videos are accepted."


class ProblemError(Exception):
    """Base of every error a client may see. Subclasses set status, code and title."""

    status: int = 500
    code: str = ErrorCode.internal_error
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
    status, code, title = 400, ErrorCode.bad_request, "Bad request"


class Unauthorized(ProblemError):
    status, code, title = 401, ErrorCode.unauthorized, "Missing or invalid API key"


class Forbidden(ProblemError):
    status, code, title = 403, ErrorCode.forbidden, "Forbidden"


class NotFound(ProblemError):
    status, code, title = 404, ErrorCode.not_found, "Not found"


class Conflict(ProblemError):
    status, code, title = 409, ErrorCode.conflict, "Conflict"


class PayloadTooLarge(ProblemError):
    status, code, title = 413, ErrorCode.payload_too_large, "Payload too large"


class UnsupportedMediaType(ProblemError):
    status, code, title = 415, ErrorCode.unsupported_media_type, "Unsupported media type"


class InvalidInput(ProblemError):
    """The request is well-formed but its content cannot be used (undecodable audio, no face ...)."""

    status, code, title = 422, ErrorCode.invalid_input, "Invalid input"


class RateLimited(ProblemError):
    status, code, title, retryable = 429, ErrorCode.rate_limited, "Too many requests", True


class NotImplementedYet(ProblemError):
    """A feature that is declared in the API but cannot work yet; the detail says why."""

    status, code, title = 501, ErrorCode.not_implemented, "Not implemented"


class UpstreamError(ProblemError):
    status, code, title, retryable = 502, ErrorCode.upstream_error, "Upstream service failed", True


class ServiceUnavailable(ProblemError):
    status, code, title, retryable = 503, ErrorCode.service_unavailable, "Service unavailable", True


class UpstreamTimeout(ProblemError):
    status, code, title, retryable = 504, ErrorCode.upstream_timeout, "Upstream service timed out", True


class JobCancelled(Exception):
    """Raised inside a worker when the job's cancel flag is seen; not an error for the client."""


ErrorLike = ErrorCode | type[ProblemError]


def problem_responses(*errors: ErrorLike) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for a route's possible errors (codes, or error classes for their default
    code): one entry per status, problem+json, each code an example. Every route with a path or body also
    answers 422 ``validation_error``, added here so it is declared once."""
    codes = [e if isinstance(e, ErrorCode) else ErrorCode[e.code] for e in errors]
    by_status: dict[int, list[ErrorCode]] = {}
    for code in [*codes, ErrorCode.validation_error]:
        if code not in by_status.setdefault(code.status, []):
            by_status[code.status].append(code)
    return {status: _problem_entry(found) for status, found in sorted(by_status.items())}


def _problem_entry(codes: Iterable[ErrorCode]) -> dict[str, Any]:
    listed = list(codes)
    examples = {
        code.value: {
            "summary": code.meaning,
            "value": {
                "type": PROBLEM_TYPE_BASE + code.value,
                "title": code.meaning,
                "status": code.status,
                "code": code.value,
                "retryable": code.status in (429, 502, 503, 504),
            },
        }
        for code in listed
    }
    return {
        "description": ", ".join(f"`{code.value}`" for code in listed),
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}, "examples": examples}},
    }


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


OPENAI_PATH_PREFIX = "/v1/"


def answer(request: Request, err: ProblemError, headers: dict[str, str] | None = None) -> JSONResponse:
    """The problem+json of ``err``. On the OpenAI-compatible routes (``/v1/...``) it also carries OpenAI's
    ``error`` object, which OpenAI SDKs read their message and code from."""
    problem = err.to_problem(request_id_var.get())
    if request.url.path.startswith(OPENAI_PATH_PREFIX) and "error" not in err.extra:
        problem = problem.model_copy(
            update={"error": {"message": err.detail, "type": err.code, "code": err.code, "param": None}}
        )
    return problem_response(problem, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """The single place where exceptions become problem+json responses."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return answer(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail, errors = _validation_detail(exc)
        err = InvalidInput(detail, code="validation_error", title="Request validation failed", extra={"errors": errors})
        return answer(request, err)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            400: ErrorCode.bad_request,  # e.g. a body that cannot be parsed (invalid multipart, bad encoding)
            401: ErrorCode.unauthorized,
            404: ErrorCode.not_found,
            405: ErrorCode.method_not_allowed,
            413: ErrorCode.payload_too_large,
            415: ErrorCode.unsupported_media_type,
        }
        err = ProblemError(
            str(exc.detail),
            status=exc.status_code,
            code=codes.get(exc.status_code, f"http_{exc.status_code}"),
            title=str(exc.detail),
        )
        if exc.status_code == 404 and exc.detail == "Not Found":
            err.detail = "No such route."
        return answer(request, err, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        err = to_problem_error(exc)
        if err.status >= 500 and not isinstance(exc, ProblemError):
            log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return answer(request, err)
