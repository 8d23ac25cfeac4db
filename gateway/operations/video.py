"""Video service operations (none yet: they arrive with the video issue)."""

from __future__ import annotations

from gateway.proxy import Operation

OPERATIONS: list[Operation] = []
