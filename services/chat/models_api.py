"""``GET /v1/models``: the model names TalkFace's OpenAI-compatible routes accept, so OpenAI clients and tools
that list models first find them: the chat persona (this service) and the speech and transcription models of
the voice service (the names it validates against, from the shared contracts)."""

from __future__ import annotations

import time

from fastapi import APIRouter

from shared.contracts.chat import OpenAIModel, OpenAIModelList
from shared.contracts.common import ResourceId
from shared.contracts.voice import SPEECH_MODELS, TRANSCRIPTION_MODELS
from shared.errors import ErrorCode as E
from shared.errors import NotFound, problem_responses

router = APIRouter(prefix="/v1", tags=["models"])
# `model` of /v1/chat/completions: any name is answered by the configured LLM with the TalkFace persona; this is
# the default one, listed so that a client picking the first model gets the persona.
CHAT_MODEL = "talkface"
STARTED = int(time.time())


def models() -> list[OpenAIModel]:
    names = [CHAT_MODEL, *SPEECH_MODELS, *TRANSCRIPTION_MODELS]
    return [OpenAIModel(id=name, created=STARTED) for name in names]


@router.get(
    "/models",
    operation_id="models-list",
    response_model=OpenAIModelList,
    summary="OpenAI-compatible list of the chat, speech and transcription models",
)
async def list_models() -> OpenAIModelList:
    return OpenAIModelList(data=models())


@router.get(
    "/models/{model}",
    operation_id="models-retrieve",
    response_model=OpenAIModel,
    responses=problem_responses(E.model_not_found),
    summary="One model by name",
)
async def retrieve_model(model: ResourceId) -> OpenAIModel:
    for found in models():
        if found.id == model:
            return found
    raise NotFound(f"No model {model!r}; GET /v1/models lists them.", code="model_not_found")
