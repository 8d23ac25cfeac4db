"""An exclusive lock file for the model cache: the API process and the worker start together on a fresh
machine, and both would otherwise reassemble the same model files at once (Kokoro's assembler writes a fixed
temporary name)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def cache_lock(directory: Path, name: str) -> Iterator[None]:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / f".{name}.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
