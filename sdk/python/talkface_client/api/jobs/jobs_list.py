from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.job_list import JobList
from ...models.job_status import JobStatus
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    service: None | str | Unset = UNSET,
    status: JobStatus | None | Unset = UNSET,
    limit: int | Unset = 50,
    before: float | None | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_service: None | str | Unset
    if isinstance(service, Unset):
        json_service = UNSET
    else:
        json_service = service
    params["service"] = json_service

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, JobStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    json_before: float | None | Unset
    if isinstance(before, Unset):
        json_before = UNSET
    else:
        json_before = before
    params["before"] = json_before


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/jobs",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> JobList | Problem | None:
    if response.status_code == 200:
        response_200 = JobList.from_dict(response.json())



        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[JobList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    service: None | str | Unset = UNSET,
    status: JobStatus | None | Unset = UNSET,
    limit: int | Unset = 50,
    before: float | None | Unset = UNSET,

) -> Response[JobList | Problem]:
    """ List jobs

    Args:
        service (None | str | Unset):
        status (JobStatus | None | Unset):
        limit (int | Unset):  Default: 50.
        before (float | None | Unset): Cursor: `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobList | Problem]
     """


    kwargs = _get_kwargs(
        service=service,
status=status,
limit=limit,
before=before,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    service: None | str | Unset = UNSET,
    status: JobStatus | None | Unset = UNSET,
    limit: int | Unset = 50,
    before: float | None | Unset = UNSET,

) -> JobList | Problem | None:
    """ List jobs

    Args:
        service (None | str | Unset):
        status (JobStatus | None | Unset):
        limit (int | Unset):  Default: 50.
        before (float | None | Unset): Cursor: `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobList | Problem
     """


    return sync_detailed(
        client=client,
service=service,
status=status,
limit=limit,
before=before,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    service: None | str | Unset = UNSET,
    status: JobStatus | None | Unset = UNSET,
    limit: int | Unset = 50,
    before: float | None | Unset = UNSET,

) -> Response[JobList | Problem]:
    """ List jobs

    Args:
        service (None | str | Unset):
        status (JobStatus | None | Unset):
        limit (int | Unset):  Default: 50.
        before (float | None | Unset): Cursor: `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobList | Problem]
     """


    kwargs = _get_kwargs(
        service=service,
status=status,
limit=limit,
before=before,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    service: None | str | Unset = UNSET,
    status: JobStatus | None | Unset = UNSET,
    limit: int | Unset = 50,
    before: float | None | Unset = UNSET,

) -> JobList | Problem | None:
    """ List jobs

    Args:
        service (None | str | Unset):
        status (JobStatus | None | Unset):
        limit (int | Unset):  Default: 50.
        before (float | None | Unset): Cursor: `next_cursor` of the previous page

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobList | Problem
     """


    return (await asyncio_detailed(
        client=client,
service=service,
status=status,
limit=limit,
before=before,

    )).parsed
