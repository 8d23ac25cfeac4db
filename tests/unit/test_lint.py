"""ruff runs with the suite, so style and lint regressions fail CI (mypy runs in `make lint`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUFF = Path(sys.executable).parent / "ruff"


def run_ruff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RUFF), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_check() -> None:
    result = run_ruff("check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_format() -> None:
    result = run_ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout[-3000:]
