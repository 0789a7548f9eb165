"""Who may open a case and act in it: the subject named (or its legal representative), its agent at
the credit office's window, the department that supplied the record, the credit office."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.errors import Forbidden, NotFound, UserError
from xinyong.records.models import Record
from xinyong.subjects.lookup import canonical
from xinyong.subjects.models import Subject


def record_subject(session: Session, record: Record) -> Subject:
    if record.subject_id is None:
        raise UserError(f"记录 {record.id} 尚未关联主体，请先由信用办审核关联")
    return canonical(session, session.get_one(Subject, record.subject_id))


def named_in(session: Session, viewer: Viewer, record: Record, *, legal_rep: bool = True) -> bool:
    """Is the viewer the subject of the record, or (for objections) the person named as its legal rep?"""
    if viewer.audience is not Audience.SUBJECT or viewer.subject_id is None or record.subject_id is None:
        return False
    subject = record_subject(session, record)
    return viewer.subject_id == subject.id or (legal_rep and subject.legal_rep_subject_id == viewer.subject_id)


def load_record(session: Session, record_id: int) -> Record:
    record = session.get(Record, record_id)
    if record is None:
        raise NotFound(f"记录 {record_id} 不存在")
    return record


def applicant(session: Session, viewer: Viewer, record: Record, name: str | None, agent_note: str | None,
              *, legal_rep: bool) -> tuple[str, str | None]:
    """Who acts, in words: the subject itself, or someone the credit office's window acts for."""
    if named_in(session, viewer, record, legal_rep=legal_rep):
        return viewer.display_name, None
    if viewer.audience is Audience.OFFICE:
        who, why = (name or "").strip(), (agent_note or "").strip()
        if not who or not why:
            raise UserError("信用办代为提交时，须填写申请人姓名或名称（objector_name）及代理说明（agent_note，"
                            "如：窗口受理，凭授权委托书）")
        return who[:120], why[:300]
    raise Forbidden("只有记录所涉主体（或其法定代表人）本人，或信用办窗口代为办理，才能提出")


def may_see(viewer: Viewer, *, subject_id: int | None, department_code: str, account_id: int | None) -> bool:
    if viewer.audience is Audience.OFFICE:
        return True
    if viewer.audience is Audience.DEPARTMENT:
        return viewer.department_code == department_code
    if viewer.audience is Audience.SUBJECT:
        return (subject_id is not None and viewer.subject_id == subject_id) or (
            account_id is not None and viewer.account_id == account_id)
    return False


def require_department(viewer: Viewer, department_code: str, what: str) -> None:
    if viewer.audience is not Audience.DEPARTMENT or viewer.department_code != department_code:
        raise Forbidden(f"{what}只能由部门 {department_code} 办理")
