"""Headline figures of the registry."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.subjects.models import KIND_LABELS, Subject, SubjectKind


def headline_figures(session: Session) -> dict[str, int]:
    """Subjects per kind (merged duplicates not counted twice), and their total."""
    rows = session.execute(
        select(Subject.kind, func.count()).where(Subject.canonical_id.is_(None)).group_by(Subject.kind)
    ).all()
    counts = {KIND_LABELS[SubjectKind(kind)]: n for kind, n in rows}
    counts = {label: counts.get(label, 0) for label in KIND_LABELS.values()}
    counts["合计"] = sum(counts.values())
    return counts
