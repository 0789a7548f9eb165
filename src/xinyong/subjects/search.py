"""Finding subjects by code or name (the portal issue brings ranking and the full index)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.identifiers import check
from xinyong.subjects.models import Subject, SubjectIdentifier, SubjectKind
from xinyong.subjects.names import name_key

_PUBLIC_KINDS = (SubjectKind.ORGANISATION, SubjectKind.INDIVIDUAL_BUSINESS)


def search_subjects(session: Session, query: str, limit: int = 20) -> list[Subject]:
    """Organisations and individual businesses by exact code, else by name; people never."""
    code = check(query).normalized
    by_code = session.scalars(
        select(Subject).where(Subject.code == code, Subject.kind.in_(_PUBLIC_KINDS))
    ).all() or session.scalars(
        select(Subject).join(SubjectIdentifier, SubjectIdentifier.subject_id == Subject.id)
        .where(SubjectIdentifier.value == code, Subject.kind.in_(_PUBLIC_KINDS))
    ).all()
    if by_code:
        return list(by_code)
    pattern = "%" + name_key(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(session.scalars(
        select(Subject).where(Subject.name_key.like(pattern, escape="\\"), Subject.kind.in_(_PUBLIC_KINDS),
                              Subject.canonical_id.is_(None))
        .order_by(Subject.name_key).limit(limit)
    ))
