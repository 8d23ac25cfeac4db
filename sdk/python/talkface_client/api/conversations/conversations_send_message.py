from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.message_form import MessageForm
from ...models.problem import Problem
from ...types import File, FileTypes
from io import BytesIO
from typing import cast



def _get_kwargs(
    conversation_id: str,
    *,
    body: MessageForm,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/conversations/{conversation_id}/messages".format(conversation_id=quote(str(conversation_id), safe=""),),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(
             payload = BytesIO(response.content)
        )



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())



        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    conversation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MessageForm,

) -> Response[File | Problem]:
    """ Send a message (text or speech); the reply streams as SSE events

    Args:
        conversation_id (str):
        body (MessageForm): Body of ``POST /api/v1/conversations/{id}/messages``: multipart with
            ``text`` or an audio ``file``
            (webm/ogg/wav from a browser recorder, or anything ffmpeg decodes); a JSON ``{"text":
            ...}`` works too.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
     """


    kwargs = _get_kwargs(
        conversation_id=conversation_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    conversation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MessageForm,

) -> File | Problem | None:
    """ Send a message (text or speech); the reply streams as SSE events

    Args:
        conversation_id (str):
        body (MessageForm): Body of ``POST /api/v1/conversations/{id}/messages``: multipart with
            ``text`` or an audio ``file``
            (webm/ogg/wav from a browser recorder, or anything ffmpeg decodes); a JSON ``{"text":
            ...}`` works too.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
     """


    return sync_detailed(
        conversation_id=conversation_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    conversation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MessageForm,

) -> Response[File | Problem]:
    """ Send a message (text or speech); the reply streams as SSE events

    Args:
        conversation_id (str):
        body (MessageForm): Body of ``POST /api/v1/conversations/{id}/messages``: multipart with
            ``text`` or an audio ``file``
            (webm/ogg/wav from a browser recorder, or anything ffmpeg decodes); a JSON ``{"text":
            ...}`` works too.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
     """


    kwargs = _get_kwargs(
        conversation_id=conversation_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    conversation_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: MessageForm,

) -> File | Problem | None:
    """ Send a message (text or speech); the reply streams as SSE events

    Args:
        conversation_id (str):
        body (MessageForm): Body of ``POST /api/v1/conversations/{id}/messages``: multipart with
            ``text`` or an audio ``file``
            (webm/ogg/wav from a browser recorder, or anything ffmpeg decodes); a JSON ``{"text":
            ...}`` works too.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
     """


    return (await asyncio_detailed(
        conversation_id=conversation_id,
client=client,
body=body,

    )).parsed
