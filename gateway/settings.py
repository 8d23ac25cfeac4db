"""Gateway settings (env prefix ``GATEWAY_``)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from shared.settings import CommonSettings, EnvList


class GatewaySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", populate_by_name=True)

    checks_api_keys: ClassVar[bool] = True

    host: str = "127.0.0.1"
    port: int = 8100
    voice_url: str = "http://127.0.0.1:8101"
    video_url: str = "http://127.0.0.1:8102"
    chat_url: str = "http://127.0.0.1:8103"
    trainer_url: str = "http://127.0.0.1:8104"
    connect_timeout_s: float = 3.0
    read_timeout_s: float = 300.0
    # Per API key; `limits` notation ("120/minute"). Empty disables rate limiting.
    rate_limit: str = "600/minute"
    cors_origins: EnvList[str] = []
    frontend_dist: Path = Path("frontend/dist")
    # The public spec: served as /openapi.json, and its service operations are the proxy table.
    openapi_path: Path = Path("sdk/openapi.json")
    # Why a setting and not always on: a loopback check is only as good as the network in front of the gateway,
    # so production turns it off (and refuses it) and a developer can too.
    local_key_bootstrap: bool = Field(
        True,
        description="Hand the first API key to a browser on this machine (GET /api/v1/auth/local-key) so the web "
        "app needs no key typed on a local stack. Always off when TALKFACE_ENV=prod; setting it true there is "
        "refused.",
    )

    @model_validator(mode="after")
    def _no_local_key_in_prod(self) -> GatewaySettings:
        if self.env == "prod":
            if self.local_key_bootstrap and "local_key_bootstrap" in self.model_fields_set:
                raise ValueError("GATEWAY_LOCAL_KEY_BOOTSTRAP=true is refused when TALKFACE_ENV=prod")
            self.local_key_bootstrap = False
        return self

    def upstreams(self) -> dict[str, str]:
        return {"voice": self.voice_url, "video": self.video_url, "chat": self.chat_url, "trainer": self.trainer_url}
