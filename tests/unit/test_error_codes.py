"""Every ``code`` raised in the source is one of ``ErrorCode``, with the status of the class that raises it,
and ``docs/errors.md`` is generated from that list."""

from __future__ import annotations

import ast
from pathlib import Path

from scripts.gen_error_docs import ERROR_DOCS, render
from shared import errors
from shared.errors import ErrorCode

ROOT = Path(__file__).resolve().parents[2]


def raised_codes() -> list[tuple[str, int | None, str]]:
    """(code, status of the raising class or an explicit ``status=``, file) for each literal ``code=``."""
    statuses = {
        name: cls.status
        for name, cls in vars(errors).items()
        if isinstance(cls, type) and issubclass(cls, errors.ProblemError)
    }
    found = []
    for folder in ("shared", "services", "gateway"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                keywords = {k.arg: k.value for k in node.keywords}
                code = keywords.get("code")
                if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                    continue
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                status = keywords.get("status")
                explicit = status.value if isinstance(status, ast.Constant) and isinstance(status.value, int) else None
                found.append((code.value, explicit or statuses.get(name), str(path.relative_to(ROOT))))
    return found


def test_every_raised_code_is_listed_with_its_status() -> None:
    found = raised_codes()
    assert len(found) > 50
    for code, status, path in found:
        assert code in ErrorCode.__members__, f"{path}: code {code!r} is not in shared.errors.ErrorCode"
        if status is not None:
            assert ErrorCode[code].status == status, f"{path}: {code} is raised with {status}"


def test_error_classes_carry_listed_codes() -> None:
    for cls in vars(errors).values():
        if isinstance(cls, type) and issubclass(cls, errors.ProblemError):
            assert ErrorCode[cls.code].status == cls.status, cls


def test_error_docs_are_generated_from_the_enum() -> None:
    assert ERROR_DOCS.read_text() == render(), "docs/errors.md is stale: run `python -m scripts.gen_error_docs`"
