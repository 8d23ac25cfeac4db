"""Quality gates: each measure is checked against its error and warning thresholds (settings).

A failed gate raises :class:`DatasetRejected`, a 422 problem whose ``code`` is a :class:`GateCode`; a marginal
one adds a :class:`DatasetIssue` to the report's warnings and the dataset is still built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.contracts.trainer import DatasetIssue, GateCode
from shared.errors import ErrorCode, InvalidInput


class DatasetRejected(InvalidInput):
    """The video cannot make a usable dataset; ``code`` says which gate failed and why."""

    code = ErrorCode.invalid_input  # replaced by the gate's own code
    title = "The video cannot be turned into a training dataset"

    def __init__(self, issue: DatasetIssue) -> None:
        extra = {"measured": issue.measured, "limit": issue.limit}
        super().__init__(
            issue.message, code=ErrorCode[issue.code.value], extra={k: v for k, v in extra.items() if v is not None}
        )
        self.issue = issue


@dataclass
class GateLog:
    """The warnings met so far; errors raise at once."""

    warnings: list[DatasetIssue] = field(default_factory=list)

    def fail(self, code: GateCode, message: str, measured: float | None = None, limit: float | None = None) -> None:
        raise DatasetRejected(DatasetIssue(code=code, message=message, measured=measured, limit=limit))

    def warn(self, code: GateCode, message: str, measured: float | None = None, limit: float | None = None) -> None:
        self.warnings.append(DatasetIssue(code=code, message=message, measured=measured, limit=limit))

    def at_most(
        self, code: GateCode, measured: float, limit: float, message: str, *, warn_at: float | None = None
    ) -> None:
        """Fail when ``measured > limit``; warn when it is above ``warn_at``."""
        if measured > limit:
            self.fail(code, f"{message} ({measured:.3g}; the limit is {limit:.3g}).", measured, limit)
        if warn_at is not None and measured > warn_at:
            self.warn(code, f"{message} ({measured:.3g}; marginal above {warn_at:.3g}).", measured, warn_at)

    def at_least(
        self, code: GateCode, measured: float, limit: float, message: str, *, warn_at: float | None = None
    ) -> None:
        """Fail when ``measured < limit``; warn when it is below ``warn_at``."""
        if measured < limit:
            self.fail(code, f"{message} ({measured:.3g}; the minimum is {limit:.3g}).", measured, limit)
        if warn_at is not None and measured < warn_at:
            self.warn(code, f"{message} ({measured:.3g}; marginal below {warn_at:.3g}).", measured, warn_at)


def longest_run(flags: list[bool]) -> int:
    """Length of the longest run of True values."""
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best
