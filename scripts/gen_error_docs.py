"""Write ``docs/errors.md``: every stable problem ``code`` with its HTTP status, from ``shared.errors.ErrorCode``.

Run ``python -m scripts.gen_error_docs``; a unit test fails when the committed file differs.
"""

from __future__ import annotations

from pathlib import Path

from shared.errors import ErrorCode

ERROR_DOCS = Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def render() -> str:
    lines = [
        "# Error codes",
        "",
        "Every error is RFC 9457 `application/problem+json` with a stable `code` to switch on (`retryable` says",
        "whether the same request may succeed later). Each operation of the API lists the codes it may answer",
        "(`sdk/openapi.json`, as examples of its problem responses). Generated from `shared/errors.py` by",
        "`python -m scripts.gen_error_docs`; do not edit by hand.",
        "",
        "| code | status | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{code.value}` | {code.status} | {code.meaning} |" for code in ErrorCode]
    return "\n".join(lines) + "\n"


def main() -> None:
    ERROR_DOCS.write_text(render())
    print(ERROR_DOCS)


if __name__ == "__main__":
    main()
