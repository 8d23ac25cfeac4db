"""Every public operation the services serve, declared once from the shared contracts, one module per service.

The gateway's OpenAPI spec is built from these tables (never by importing service code); a contract test
checks each entry against the service's own routes so the two cannot drift apart.
"""

from __future__ import annotations

from gateway.operations import chat, trainer, video, voice
from gateway.proxy import Operation

OPERATIONS: list[Operation] = [*voice.OPERATIONS, *video.OPERATIONS, *chat.OPERATIONS, *trainer.OPERATIONS]
