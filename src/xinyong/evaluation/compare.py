"""Two models side by side: how the grades of the same subjects move from one to the other."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from xinyong.evaluation.model import GRADE_ORDER
from xinyong.evaluation.models import Grade


@dataclass
class Comparison:
    first: str
    second: str
    table: dict[str, dict[str, int]]  # first model's grade → second model's grade → subjects

    @property
    def subjects(self) -> int:
        return sum(sum(row.values()) for row in self.table.values())

    @property
    def same(self) -> int:
        return sum(self.table[g][g] for g in GRADE_ORDER)


def compare_models(session: Session, first: str, second: str) -> Comparison:
    """A cross-table of the current grades of every subject graded by both models."""
    a, b = aliased(Grade), aliased(Grade)
    rows = session.execute(
        select(a.grade, b.grade, func.count())
        .join(b, and_(b.subject_id == a.subject_id, b.model_id == second, b.current.is_(True)))
        .where(a.model_id == first, a.current.is_(True)).group_by(a.grade, b.grade))
    table = {g: dict.fromkeys(GRADE_ORDER, 0) for g in GRADE_ORDER}
    for grade_a, grade_b, count in rows:
        table[grade_a][grade_b] = count
    return Comparison(first, second, table)
