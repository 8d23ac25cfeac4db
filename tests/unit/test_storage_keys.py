"""Object keys are built only from safe segments."""

from __future__ import annotations

import pytest

from shared.storage import is_valid_key, make_key


def test_make_key_joins_safe_segments() -> None:
    assert make_key("jobs", "job_abc123", "output.wav") == "jobs/job_abc123/output.wav"


@pytest.mark.parametrize("segment", ["..", "../etc", "a/b", "", " spaced", ".hidden", "x" * 200, "naïve"])
def test_make_key_refuses_unsafe_segments(segment: str) -> None:
    with pytest.raises(ValueError):
        make_key("jobs", segment)


@pytest.mark.parametrize(
    ("key", "ok"),
    [
        ("jobs/job_1/output.wav", True),
        ("jobs", False),
        ("jobs/../secret", False),
        ("/jobs/a", False),
        ("jobs/a/b/c/d/e/f", False),
    ],
)
def test_is_valid_key(key: str, ok: bool) -> None:
    assert is_valid_key(key) is ok
