"""The structured answer of every check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xinyong.identifiers.masking import mask
from xinyong.identifiers.reasons import REASON_RANK, REASONS

_BY_RANK = ("valid", "warning", "invalid")


@dataclass(frozen=True, slots=True)
class Check:
    """What a code is and whether it holds.

    ``kind``: uscc | citizen_id | org_code | registration_no | unknown.
    ``verdict``: valid | warning (kept, flagged for review) | invalid.
    ``reasons``: stable reason codes, explained in ``data/reasons.yaml``.
    """

    input: str
    normalized: str
    kind: str
    verdict: str
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"input": self.input, "normalized": self.normalized, "kind": self.kind,
                "verdict": self.verdict, "reasons": list(self.reasons)}

    @property
    def acceptable(self) -> bool:
        """Valid, or valid with a warning: the code may be stored (flagged when a warning)."""
        return self.verdict != "invalid"

    def explanations(self) -> list[tuple[str, str]]:
        """Each reason with its Chinese explanation, in order."""
        return [(code, REASONS[code].text) for code in self.reasons]

    def __repr__(self) -> str:
        # A Check may end up in a log line or a traceback; a person's number must not.
        shown = (mask(self.input), mask(self.normalized)) if self.kind == "citizen_id" else (
            self.input, self.normalized)
        return (f"Check(input={shown[0]!r}, normalized={shown[1]!r}, kind={self.kind!r}, "
                f"verdict={self.verdict!r}, reasons={self.reasons!r})")


def make_check(raw: str, normalized: str, kind: str, reasons: tuple[str, ...] = ()) -> Check:
    """A Check whose verdict is its worst reason's severity."""
    if not reasons:
        return Check(raw, normalized, kind, "valid", ())
    return Check(raw, normalized, kind, _BY_RANK[max(REASON_RANK[r] for r in reasons)], reasons)
