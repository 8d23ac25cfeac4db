"""The LLM, reached through the ``openai`` SDK at any OpenAI-compatible endpoint, with its failures mapped to
problem+json errors (502 `llm_unavailable` / `llm_error`, 504 `llm_timeout`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any, cast

import openai
from openai import AsyncOpenAI, AsyncStream
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from services.chat.settings import ChatSettings
from shared.contracts.common import DependencyCheck, DependencyState
from shared.errors import ProblemError, UpstreamError, UpstreamTimeout
from shared.http import CachedCheck

# Readiness probe of the endpoint: short, and reused for a few seconds so a polled /readyz stays cheap.
PROBE_TIMEOUT_S = 2.0
PROBE_CACHE_S = 3.0


@dataclass(frozen=True)
class GenerationParams:
    """What is sent with each request besides the messages (the service defaults plus any overrides)."""

    model: str
    temperature: float
    top_p: float
    max_tokens: int
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    seed: int | None = None
    stop: list[str] = field(default_factory=list)
    timeout_s: float = 30.0

    def request_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "max_tokens": self.max_tokens,
            "frequency_penalty": self.frequency_penalty,
            "presence_penalty": self.presence_penalty,
        }
        if self.seed is not None:
            kwargs["seed"] = self.seed
        if self.stop:
            kwargs["stop"] = self.stop
        return kwargs


def default_params(settings: ChatSettings, **overrides: Any) -> GenerationParams:
    values: dict[str, Any] = {
        "model": settings.llm_model,
        "temperature": settings.llm_temperature,
        "top_p": settings.llm_top_p,
        "max_tokens": settings.llm_max_tokens,
        "frequency_penalty": settings.llm_frequency_penalty,
        "presence_penalty": settings.llm_presence_penalty,
        "seed": settings.llm_seed,
        "timeout_s": settings.llm_timeout_s,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return GenerationParams(**values)


def map_llm_error(exc: BaseException, timeout_s: float) -> ProblemError:
    """The SDK's exceptions as our errors; the turn is then kept as unanswered."""
    if isinstance(exc, ProblemError):
        return exc
    if isinstance(exc, openai.APITimeoutError | asyncio.TimeoutError):
        return UpstreamTimeout(f"The language model did not answer within {timeout_s:g} s.", code="llm_timeout")
    if isinstance(exc, openai.APIConnectionError):
        return UpstreamError("The language model endpoint is unreachable.", code="llm_unavailable")
    if isinstance(exc, openai.APIStatusError):
        return UpstreamError(
            f"The language model endpoint answered HTTP {exc.status_code}: {str(exc.message)[:200]}", code="llm_error"
        )
    return UpstreamError(f"The language model failed: {type(exc).__name__}.", code="llm_error")


@dataclass
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int


class LLMClient:
    """One ``AsyncOpenAI`` client for the service's lifetime (connection pooling)."""

    def __init__(self, settings: ChatSettings) -> None:
        self.settings = settings
        self.client = AsyncOpenAI(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key.get_secret_value(),
            timeout=openai.Timeout(settings.llm_timeout_s, connect=settings.llm_connect_timeout_s),
            max_retries=settings.llm_max_retries,
        )
        self.readiness = CachedCheck(self.probe, PROBE_CACHE_S)

    async def probe(self) -> DependencyCheck:
        """Whether the endpoint answers ``GET {base_url}/models`` now (no retries, a short timeout)."""
        where = f"{self.settings.llm_model} at {self.settings.llm_base_url}"
        try:
            await self.client.with_options(timeout=PROBE_TIMEOUT_S, max_retries=0).models.list()
        except Exception as exc:
            reason = map_llm_error(exc, PROBE_TIMEOUT_S).detail
            return DependencyCheck(state=DependencyState.down, detail=f"{where}: {reason}")
        return DependencyCheck(state=DependencyState.ok, detail=where)

    async def aclose(self) -> None:
        await self.client.close()

    def _timeout(self, params: GenerationParams) -> openai.Timeout:
        return openai.Timeout(params.timeout_s, connect=min(self.settings.llm_connect_timeout_s, params.timeout_s))

    async def stream(
        self, messages: list[dict[str, str]], params: GenerationParams, info: dict[str, Any] | None = None
    ) -> AsyncGenerator[str, None]:
        """Yield the reply's text pieces as they arrive (``info`` gets the ``finish_reason``). Errors, at the
        start or mid-stream, come out mapped. Closing the iterator closes the HTTP stream, which makes the
        server stop generating."""
        try:
            response = cast(
                AsyncStream[ChatCompletionChunk],
                await self.client.chat.completions.create(
                    messages=messages,  # type: ignore[arg-type]
                    stream=True,
                    timeout=self._timeout(params),
                    **params.request_kwargs(),
                ),
            )
        except Exception as exc:
            raise map_llm_error(exc, params.timeout_s) from exc
        try:
            iterator = response.__aiter__()
            while True:
                try:
                    chunk = await asyncio.wait_for(iterator.__anext__(), params.timeout_s)
                except StopAsyncIteration:
                    return
                except Exception as exc:
                    raise map_llm_error(exc, params.timeout_s) from exc
                if not chunk.choices:
                    continue
                if info is not None and chunk.choices[0].finish_reason:
                    info["finish_reason"] = chunk.choices[0].finish_reason
                if chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        finally:
            await response.close()

    async def complete(self, messages: list[dict[str, str]], params: GenerationParams) -> Completion:
        try:
            result = cast(
                ChatCompletion,
                await self.client.chat.completions.create(
                    messages=messages,  # type: ignore[arg-type]
                    stream=False,
                    timeout=self._timeout(params),
                    **params.request_kwargs(),
                ),
            )
        except Exception as exc:
            raise map_llm_error(exc, params.timeout_s) from exc
        choice = result.choices[0] if result.choices else None
        usage = result.usage
        return Completion(
            text=(choice.message.content or "") if choice else "",
            finish_reason=choice.finish_reason if choice else None,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
        )
