"""Chat service operations (none yet: they arrive with the chat issue)."""

from __future__ import annotations

from gateway.proxy import Operation

OPERATIONS: list[Operation] = []
