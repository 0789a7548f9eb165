"""Finding one subject from what a person types: a code of any kind, or ``#id``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.errors import NotFound
from xinyong.identifiers import check
from xinyong.subjects.models import Subject, SubjectIdentifier
from xinyong.subjects.person_ids import PersonIdVault


def canonical(session: Session, subject: Subject) -> Subject:
    """The surviving subject a merged one points at (itself when never merged)."""
    while subject.canonical_id is not None:
        subject = session.get_one(Subject, subject.canonical_id)
    return subject


def find_subject(session: Session, vault: PersonIdVault, ref: str) -> Subject | None:
    """The subject a code (USCC, old code, ID number) or ``#id`` names, after merges."""
    ref = ref.strip()
    if ref.startswith("#") and ref[1:].isdigit():
        subject = session.get(Subject, int(ref[1:]))
        return canonical(session, subject) if subject else None
    verdict = check(ref)
    value = verdict.normalized
    if verdict.kind == "citizen_id":
        value = vault.lookup_key(value)
    subject = session.scalar(select(Subject).where(Subject.code == value))
    if subject is None:
        subject = session.scalar(select(Subject).join(SubjectIdentifier, SubjectIdentifier.subject_id == Subject.id)
                                 .where(SubjectIdentifier.value == value))
    return canonical(session, subject) if subject else None


def get_subject(session: Session, vault: PersonIdVault, ref: str) -> Subject:
    subject = find_subject(session, vault, ref)
    if subject is None:
        raise NotFound(f"未找到代码为“{ref}”的主体")
    return subject
