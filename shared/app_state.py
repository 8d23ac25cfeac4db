"""One typed state per app and one way to reach it.

Each app builds its long-lived parts (clients, models, stores) in its lifespan into one dataclass and keeps it
with :func:`set_state`; routes receive it as a dependency, ``Annotated[VoiceState, depends_on_state(VoiceState)]``
(each app names that alias in its ``deps.py``), and lifespan code reads it with :func:`get_state`. Nothing else
is read from ``app.state``.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import Depends, FastAPI, Request

S = TypeVar("S")
_ATTRIBUTE = "typed_state"


def set_state(app: FastAPI, state: object) -> None:
    setattr(app.state, _ATTRIBUTE, state)


def get_state(app: FastAPI, kind: type[S]) -> S:
    """The app's state as ``kind``; a missing or other state is a programming error (its lifespan did not run)."""
    state = getattr(app.state, _ATTRIBUTE, None)
    if not isinstance(state, kind):
        raise RuntimeError(f"{app.title}: the app state is {type(state).__name__}, not {kind.__name__}")
    return state


def depends_on_state(kind: type[S]) -> Any:
    """``Depends`` on the app's state as ``kind`` (for ``Annotated`` parameter aliases)."""

    def app_state(request: Request) -> S:
        return get_state(request.app, kind)

    return Depends(app_state)
