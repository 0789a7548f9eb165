"""The reason codes a check can give, their weight and their Chinese explanation, as data."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from xinyong.identifiers.rules import DATA, load_rules

Severity = Literal["info", "warning", "invalid"]
KINDS = ("uscc", "citizen_id", "org_code", "registration_no", "unknown")
VERDICTS = ("valid", "warning", "invalid")


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    text: str


class ReasonTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    kinds: dict[str, str]
    verdicts: dict[str, str]
    reasons: dict[str, Reason]

    @model_validator(mode="after")
    def _complete(self) -> ReasonTable:
        if tuple(self.kinds) != KINDS or tuple(self.verdicts) != VERDICTS:
            raise ValueError(f"kinds 须为 {KINDS}，verdicts 须为 {VERDICTS}")
        return self


TABLE = load_rules(DATA / "reasons.yaml", ReasonTable)
REASONS: dict[str, Reason] = TABLE.reasons
KIND_LABELS: dict[str, str] = TABLE.kinds
VERDICT_LABELS: dict[str, str] = TABLE.verdicts

# Verdict by worst severity, looked up on every check.
SEVERITY_RANK = {"info": 0, "warning": 1, "invalid": 2}
REASON_RANK = {code: SEVERITY_RANK[reason.severity] for code, reason in REASONS.items()}


def explain(code: str) -> str:
    """The Chinese explanation of a reason code."""
    return REASONS[code].text
