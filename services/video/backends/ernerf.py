"""ER-NeRF renderer: renders a trained ER-NeRF head from audio features.

Registered here so the contract (avatar kind ``ernerf``, renderer ``ernerf``) is stable; trained heads and the
renderer itself come with the trainer service. Until then it answers 501 with the reason, and ``/readyz`` lists
it as not available.
"""

from __future__ import annotations

from services.video.backends.base import AvatarAssets, RenderOptions, RenderSession
from shared.errors import NotImplementedYet

REASON = (
    "ER-NeRF rendering is not available: it needs a trained ER-NeRF avatar, and training is not available "
    "here yet. Use a portrait avatar (POST /api/v1/avatars with a photo)."
)


class ErnerfRenderer:
    name = "ernerf"

    def check_available(self) -> None:
        raise NotImplementedYet(REASON, code="renderer_not_available")

    def open(self, assets: AvatarAssets, options: RenderOptions) -> RenderSession:
        raise NotImplementedYet(REASON, code="renderer_not_available")
