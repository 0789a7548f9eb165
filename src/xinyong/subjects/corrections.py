"""Correcting the registry (纠错): merge, split, correct a code, dismiss a finding.

Each is a judgement by a named person for a stated reason. Nothing is deleted: a merged subject
keeps its row and points at the survivor, a replaced code stays as a retired identifier, and
every judgement is kept with the state before and after, and appended to the event log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xinyong.errors import Conflict, NotFound, UserError
from xinyong.events import append_event
from xinyong.identifiers import check
from xinyong.search.index import refresh_subjects
from xinyong.subjects.models import CodeCorrection, CodeIssue, Subject, SubjectIdentifier, SubjectName
from xinyong.subjects.registry import Registry, SubjectEntry


@dataclass(frozen=True)
class Judgement:
    """Who decides, why, and when."""

    actor: str
    reason: str
    at: datetime
    issue_id: int | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise UserError("更正必须说明理由")
        if not self.actor.strip():
            raise UserError("更正必须注明经办人")


def _subject(session: Session, subject_id: int) -> Subject:
    subject = session.get(Subject, subject_id)
    if subject is None:
        raise NotFound(f"主体 {subject_id} 不存在")
    return subject


def _snapshot(subject: Subject) -> dict[str, Any]:
    return {"id": subject.id, "code": subject.code, "code_scheme": subject.code_scheme, "name": subject.name,
            "canonical_id": subject.canonical_id, "code_verdict": subject.code_verdict}


def _record(session: Session, action: str, judgement: Judgement, subject: Subject, before: dict,
            other: Subject | None = None) -> CodeCorrection:
    correction = CodeCorrection(
        action=action, subject_id=subject.id, other_subject_id=other.id if other else None, before=before,
        after={"subject": _snapshot(subject), "other": _snapshot(other) if other else None},
        reason=judgement.reason, actor=judgement.actor, decided_at=judgement.at, issue_id=judgement.issue_id,
    )
    session.add(correction)
    session.flush()
    refresh_subjects(session, [subject.id, other.id if other else None])
    if judgement.issue_id is not None:
        issue = session.get(CodeIssue, judgement.issue_id)
        if issue is None:
            raise NotFound(f"重错码问题 {judgement.issue_id} 不存在")
        issue.status, issue.resolved_at = "resolved", judgement.at
        issue.resolution = f"{action} #{correction.id}: {judgement.reason}"
    append_event(session, at=judgement.at, kind=f"subjects:code:{action}", actor=judgement.actor,
                 subject_id=subject.id, object_ref=f"code_correction:{correction.id}",
                 payload={"before": before, "after": correction.after, "reason": judgement.reason})
    return correction


def merge(session: Session, survivor_id: int, duplicate_id: int, judgement: Judgement) -> CodeCorrection:
    """The duplicate and the survivor are one subject; the duplicate's archive joins the survivor's."""
    survivor, duplicate = _subject(session, survivor_id), _subject(session, duplicate_id)
    if survivor.id == duplicate.id:
        raise UserError("不能将主体与自身合并")
    if survivor.canonical_id is not None:
        raise Conflict(f"主体 {survivor.id} 已并入主体 {survivor.canonical_id}，请以后者为存续主体")
    if duplicate.kind != survivor.kind:
        raise Conflict(f"主体类型不同（{duplicate.kind} / {survivor.kind}），不能合并")
    before = {"subject": _snapshot(survivor), "other": _snapshot(duplicate)}
    # Every row a merge touches says when, so whatever follows the registry (the matcher's index)
    # sees that it changed.
    duplicate.canonical_id, duplicate.updated_at, survivor.updated_at = survivor.id, judgement.at, judgement.at
    # Subjects merged earlier into the duplicate follow it to the survivor.
    session.execute(update(Subject).where(Subject.canonical_id == duplicate.id)
                    .values(canonical_id=survivor.id, updated_at=judgement.at))
    if duplicate.name_key != survivor.name_key:
        session.add(SubjectName(subject_id=survivor.id, name=duplicate.name, name_key=duplicate.name_key,
                                role="former", source=f"merge:{duplicate.id}", first_seen=judgement.at,
                                last_seen=judgement.at))
    return _record(session, "merge", judgement, survivor, before, duplicate)


def unmerge(session: Session, subject_id: int, judgement: Judgement) -> CodeCorrection:
    """Undo a merge: the subject stands on its own again (a split of a wrong merge)."""
    subject = _subject(session, subject_id)
    if subject.canonical_id is None:
        raise Conflict(f"主体 {subject.id} 未被合并，无需拆分")
    survivor = _subject(session, subject.canonical_id)
    before = {"subject": _snapshot(subject), "other": _snapshot(survivor)}
    subject.canonical_id, subject.updated_at, survivor.updated_at = None, judgement.at, judgement.at
    return _record(session, "split", judgement, subject, before, survivor)


def split_off(session: Session, registry: Registry, subject_id: int, other: SubjectEntry,
              judgement: Judgement) -> CodeCorrection:
    """One code was used for two subjects (重码): the other one gets its own archive and code.

    Names observed under the shared code that belong to the other subject move with it.
    """
    subject = _subject(session, subject_id)
    before = {"subject": _snapshot(subject), "other": None}
    registration = registry.register(other)
    if registration.subject_id is None:
        raise UserError("拆分出的主体必须有自己的代码")
    if not registration.created:
        raise Conflict(f"代码 {other.code} 已属于主体 {registration.subject_id}，请改用合并")
    new = _subject(session, registration.subject_id)
    session.execute(update(SubjectName).where(SubjectName.subject_id == subject.id,
                                              SubjectName.role == "observed",
                                              SubjectName.name_key == new.name_key).values(subject_id=new.id))
    return _record(session, "split", judgement, subject, before, new)


def correct_code(session: Session, subject_id: int, new_code: str, judgement: Judgement) -> CodeCorrection:
    """Replace a subject's code (e.g. a wrong check character); the old code stays, retired."""
    subject = _subject(session, subject_id)
    verdict = check(new_code, "citizen_id" if subject.code_scheme == "citizen_id" else None,
                    today=judgement.at.date())
    if verdict.verdict == "invalid":
        raise UserError(f"新代码 {verdict.normalized} 未通过校验（{'、'.join(verdict.reasons)}），不能用于更正")
    if subject.code_scheme == "citizen_id":
        raise UserError("自然人的身份证号码更正须经本人申请，不在代码纠错中处理")
    taken = session.scalar(select(Subject.id).where(Subject.code == verdict.normalized)) or session.scalar(
        select(SubjectIdentifier.subject_id).where(SubjectIdentifier.value == verdict.normalized))
    if taken is not None and taken != subject.id:
        raise Conflict(f"代码 {verdict.normalized} 已属于主体 {taken}，应当合并而不是更正")
    before = {"subject": _snapshot(subject), "other": None}
    retired = session.scalar(select(SubjectIdentifier).where(SubjectIdentifier.value == subject.code))
    if retired is None:
        session.add(SubjectIdentifier(subject_id=subject.id, scheme=subject.code_scheme, value=subject.code,
                                      verdict=subject.code_verdict, is_current=False, source="correction",
                                      added_at=judgement.at, retired_at=judgement.at))
    subject.code, subject.code_scheme = verdict.normalized, verdict.kind
    subject.code_verdict, subject.code_reasons = verdict.verdict, list(verdict.reasons)
    subject.needs_review = verdict.verdict != "valid"
    subject.updated_at = judgement.at
    session.flush()
    return _record(session, "correct", judgement, subject, before)


def dismiss(session: Session, issue_id: int, judgement: Judgement) -> CodeIssue:
    """A finding looked at and judged not to be an error (e.g. two real, distinct subjects)."""
    issue = session.get(CodeIssue, issue_id)
    if issue is None:
        raise NotFound(f"重错码问题 {issue_id} 不存在")
    issue.status, issue.resolved_at = "dismissed", judgement.at
    issue.resolution = f"dismissed by {judgement.actor}: {judgement.reason}"
    append_event(session, at=judgement.at, kind="subjects:code:dismissed", actor=judgement.actor,
                 object_ref=f"code_issue:{issue.id}", payload={"kind": issue.kind, "key": issue.key,
                                                                "reason": judgement.reason})
    return issue
