"""Renderers, keyed by name: ``portrait`` (the embedded CPU animator, default) and ``ernerf`` (a trained
ER-NeRF head, which needs the trainer's output). Modules are imported on first use, so a service that never
renders ER-NeRF never imports its dependencies."""

from __future__ import annotations

import importlib

from services.video.backends.base import AvatarAssets, Renderer, RenderOptions, RenderSession
from shared.contracts.common import DependencyCheck, DependencyState
from shared.contracts.video import AvatarKind
from shared.errors import InvalidInput, ProblemError

RENDERERS: dict[str, str] = {
    "portrait": "services.video.backends.portrait.renderer:PortraitRenderer",
    "ernerf": "services.video.backends.ernerf:ErnerfRenderer",
}
RENDERER_FOR_KIND = {AvatarKind.portrait: "portrait", AvatarKind.ernerf: "ernerf"}
_cache: dict[str, Renderer] = {}


def get_renderer(name: str) -> Renderer:
    if name not in RENDERERS:
        raise InvalidInput(f"Unknown renderer {name!r}; known: {', '.join(RENDERERS)}.", code="unknown_renderer")
    if name not in _cache:
        module_name, _, attr = RENDERERS[name].partition(":")
        module = importlib.import_module(module_name)
        _cache[name] = getattr(module, attr)()
    return _cache[name]


def renderer_state(name: str, required: bool) -> DependencyCheck:
    """For /readyz: whether the renderer can run here, and if not why (blocking: the first call imports it)."""
    try:
        get_renderer(name).check_available()
    except ProblemError as exc:
        state = DependencyState.down if required else DependencyState.unavailable
        return DependencyCheck(state=state, required=required, detail=exc.detail)
    return DependencyCheck(state=DependencyState.ok, required=required)


def renderer_for(kind: AvatarKind) -> Renderer:
    """The renderer of an avatar kind, refusing (e.g. 501) when it cannot run here."""
    renderer = get_renderer(RENDERER_FOR_KIND[kind])
    renderer.check_available()
    return renderer


__all__ = [
    "RENDERERS",
    "AvatarAssets",
    "RenderOptions",
    "RenderSession",
    "Renderer",
    "get_renderer",
    "renderer_for",
    "renderer_state",
]
