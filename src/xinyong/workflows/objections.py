"""Objections (异议): submitted → accepted (and sent to the supplying department) or refused →
verified: corrected, upheld, or cannot be confirmed (both versions shown). Each step has its
deadline in working days from the rules in force on the day the objection was submitted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.models import Account
from xinyong.accounts.viewer import Audience, Viewer
from xinyong.errors import Conflict, Forbidden, NotFound, UserError
from xinyong.platform import Platform
from xinyong.records.models import Record, RecordStatus
from xinyong.workflows import attachments
from xinyong.workflows.access import applicant, load_record, may_see, record_subject, require_department
from xinyong.workflows.changes import (
    check_changes,
    describe_changes,
    published_version,
    write_correction,
    write_objector_version,
)
from xinyong.workflows.models import Correction, Objection, ObjectionStatus
from xinyong.workflows.outbox import Notice, Recipient
from xinyong.workflows.rules import workflow_rules
from xinyong.workflows.steps import due, local_day, record_step

STATUS_LABELS = {ObjectionStatus.SUBMITTED: "已提交，待受理", ObjectionStatus.REFUSED: "不予受理",
                 ObjectionStatus.VERIFYING: "已受理，报送部门核实中", ObjectionStatus.CORRECTED: "核实有误，已更正",
                 ObjectionStatus.UPHELD: "核实无误，维持原记录",
                 ObjectionStatus.UNCONFIRMED: "无法核实，两个版本并列展示"}
OPEN = (ObjectionStatus.SUBMITTED.value, ObjectionStatus.VERIFYING.value)
OUTCOMES = {"corrected": ObjectionStatus.CORRECTED, "upheld": ObjectionStatus.UPHELD,
            "unconfirmed": ObjectionStatus.UNCONFIRMED}


@dataclass(frozen=True)
class ObjectionInput:
    record_id: int
    reason: str
    proposed: dict[str, str]  # field code or label → the value the objector says is right
    uploads: list[attachments.Upload]
    objector_name: str | None = None  # when the office's window submits for someone
    agent_note: str | None = None


def _notices_to_objector(session: Session, objection: Objection, title: str, body: str) -> list[Notice]:
    """The objector's account, and the subject too when someone else (its legal representative, the
    office's window) objected for it."""
    link = f"/objections/{objection.id}"
    to = []
    account = session.get(Account, objection.objector_account_id) if objection.objector_account_id else None
    if account is not None:
        to.append(Notice(Recipient.account(account.id), title, body, link))
    if objection.subject_id is not None and (account is None or account.subject_id != objection.subject_id):
        to.append(Notice(Recipient.subject(objection.subject_id), title, body, link))
    return to


def submit_objection(platform: Platform, viewer: Viewer, data: ObjectionInput) -> Objection:
    """Open an objection; the record shows 异议处理中 on public pages from this moment."""
    now, today, calendar = platform.clock.now(), platform.clock.today(), platform.calendar
    reason = data.reason.strip()
    if not reason:
        raise UserError("请写明异议理由：哪一项信息有误，为什么")
    if len(reason) > 2000:
        raise UserError(f"异议理由长 {len(reason)} 字，超过 2000 字的上限")
    attachments.check_uploads(data.uploads)
    periods = workflow_rules().objection_periods(today)
    with platform.db.session() as session:
        record = load_record(session, data.record_id)
        if record.status != RecordStatus.APPROVED.value:
            raise UserError(f"记录 {record.id} 未公开或已撤销，无需提出异议")
        name, agent = applicant(session, viewer, record, data.objector_name, data.agent_note, legal_rep=True)
        subject = record_subject(session, record)
        busy = session.scalar(select(Objection.number).where(Objection.record_id == record.id,
                                                             Objection.status.in_(OPEN)))
        if busy:
            raise Conflict(f"该记录已有办理中的异议 {busy}，请跟踪该件办理结果")
        proposed = {}
        if data.proposed:
            checked = check_changes(platform.catalog, record, published_version(session, record), data.proposed, today)
            proposed = {code: str(new) for code, (_, new) in checked.changed.items()}
        objection = Objection(number="", record_id=record.id, subject_id=subject.id,
                              department_code=record.department_code,
                              objector_account_id=viewer.account_id if viewer.audience is Audience.SUBJECT else None,
                              objector_name=name, agent_note=agent, reason=reason, proposed=proposed,
                              status=ObjectionStatus.SUBMITTED.value, submitted_at=now,
                              mark_due=due(calendar, now, periods.mark_workdays),
                              accept_due=due(calendar, now, periods.accept_workdays), marked_at=now,
                              rules_basis=periods.basis[:300])
        session.add(objection)
        session.flush()
        objection.number = f"YY{today:%Y%m%d}{objection.id:06d}"
        record.objection_pending = True
        attachments.store(session, "objection", objection.id, data.uploads, at=now, by=viewer.actor)
        record_step(session, case_kind="objection", case_id=objection.id, action="submitted", actor=viewer.actor,
                    at=now, subject_id=subject.id, due_on=objection.accept_due,
                    payload={"number": objection.number, "record": record.id, "fields": sorted(proposed),
                             "attachments": len(data.uploads), "agent": bool(agent)},
                    notices=[*_notices_to_objector(session, objection, f"异议 {objection.number} 已提交",
                                                   f"信用办将于 {objection.accept_due} 前决定是否受理。"),
                             Notice(Recipient.office(), f"新异议待受理：{objection.number}",
                                    f"受理期限 {objection.accept_due}。", f"/objections/{objection.id}")])
        record_step(session, case_kind="objection", case_id=objection.id, action="marked", actor="platform",
                    at=now, subject_id=subject.id, note="记录已标注“异议处理中”",
                    payload={"record": record.id, "mark_due": objection.mark_due.isoformat()})
        return objection


def _open(session: Session, objection_id: int, status: ObjectionStatus) -> Objection:
    objection = session.get(Objection, objection_id, with_for_update=True)
    if objection is None:
        raise NotFound(f"异议 {objection_id} 不存在")
    if objection.status != status.value:
        state = STATUS_LABELS[ObjectionStatus(objection.status)]
        raise Conflict(f"异议 {objection.number} 当前为“{state}”，不能办理此步骤")
    return objection


def accept_objection(platform: Platform, viewer: Viewer, objection_id: int, note: str = "") -> Objection:
    """The credit office accepts and sends the objection to the department that supplied the record."""
    if viewer.audience is not Audience.OFFICE:
        raise Forbidden("异议受理由信用办办理")
    now, calendar = platform.clock.now(), platform.calendar
    with platform.db.session() as session:
        objection = _open(session, objection_id, ObjectionStatus.SUBMITTED)
        periods = workflow_rules().objection_periods(local_day(objection.submitted_at))
        days = platform.settings.objection_verify_workdays or periods.verify_workdays
        objection.status, objection.accepted_at = ObjectionStatus.VERIFYING.value, now
        objection.verify_workdays, objection.verify_due = days, due(calendar, now, days)
        department = platform.catalog.department(objection.department_code)
        link = f"/objections/{objection.id}"
        record_step(session, case_kind="objection", case_id=objection.id, action="accepted", actor=viewer.actor,
                    at=now, subject_id=objection.subject_id, note=note.strip() or None,
                    notices=_notices_to_objector(session, objection, f"异议 {objection.number} 已受理",
                                                 f"已转{department.name}核实，将于 {objection.verify_due} 前答复。"))
        record_step(session, case_kind="objection", case_id=objection.id, action="forwarded", actor=viewer.actor,
                    at=now, subject_id=objection.subject_id, due_on=objection.verify_due,
                    payload={"department": department.code, "verify_workdays": days},
                    notices=[Notice(Recipient.department(department.code), f"异议待核实：{objection.number}",
                                    f"请于 {objection.verify_due} 前（{days} 个工作日）核实并答复。", link)])
        return objection


def refuse_objection(platform: Platform, viewer: Viewer, objection_id: int, reason: str) -> Objection:
    if viewer.audience is not Audience.OFFICE:
        raise Forbidden("异议受理由信用办办理")
    if not reason.strip():
        raise UserError("不予受理时须说明理由（如：异议内容与记录无关、重复提出）")
    now = platform.clock.now()
    with platform.db.session() as session:
        objection = _open(session, objection_id, ObjectionStatus.SUBMITTED)
        objection.status, objection.refused_reason, objection.closed_at = ObjectionStatus.REFUSED.value, reason, now
        session.get_one(Record, objection.record_id).objection_pending = False
        record_step(session, case_kind="objection", case_id=objection.id, action="refused", actor=viewer.actor,
                    at=now, subject_id=objection.subject_id, note=reason.strip(),
                    notices=_notices_to_objector(session, objection, f"异议 {objection.number} 不予受理",
                                                 reason.strip()))
        return objection


def decide_objection(platform: Platform, viewer: Viewer, objection_id: int, *, outcome: str, note: str,
                     corrections: dict[str, str] | None = None) -> Objection:
    """The supplying department's answer: ``corrected`` (with the corrected fields), ``upheld`` or
    ``unconfirmed`` (the objector's version is kept and shown beside the department's)."""
    if outcome not in OUTCOMES:
        raise UserError("核实结论应为 corrected（更正）、upheld（维持）或 unconfirmed（无法核实）")
    if not note.strip():
        raise UserError("请写明核实意见")
    if outcome == "corrected" and not corrections:
        raise UserError("更正时须给出更正后的字段值")
    status, now, today = OUTCOMES[outcome], platform.clock.now(), platform.clock.today()
    with platform.db.session() as session:
        objection = _open(session, objection_id, ObjectionStatus.VERIFYING)
        require_department(viewer, objection.department_code, "异议核实")
        record = session.get_one(Record, objection.record_id, with_for_update=True)
        payload: dict[str, object] = {"record": record.id}
        if status is ObjectionStatus.CORRECTED:
            checked = check_changes(platform.catalog, record, published_version(session, record), corrections or {},
                                    today)
            version = write_correction(session, platform.catalog, record, checked, at=now, actor=viewer.actor,
                                       reason=f"异议 {objection.number}：{note.strip()}")
            for code, label, old, new in describe_changes(platform.catalog, record.item_id, checked.changed):
                session.add(Correction(objection_id=objection.id, record_id=record.id, version=version,
                                       field_code=code, field_label=label, old_value=old, new_value=new, at=now,
                                       by=viewer.actor))
            payload |= {"version": version, "fields": sorted(checked.changed)}
        elif status is ObjectionStatus.UNCONFIRMED:
            base = published_version(session, record)
            version = write_objector_version(session, record, {**base.values, **objection.proposed},
                                             objection.reason, at=now, actor=viewer.actor)
            payload |= {"version": version}
        record.objection_pending = False
        objection.status, objection.closed_at, objection.outcome_note = status.value, now, note.strip()
        record_step(session, case_kind="objection", case_id=objection.id, action=outcome, actor=viewer.actor, at=now,
                    subject_id=objection.subject_id, note=note.strip(), payload=payload,
                    notices=[*_notices_to_objector(session, objection,
                                                   f"异议 {objection.number}：{STATUS_LABELS[status]}",
                                                   note.strip()),
                             Notice(Recipient.office(), f"异议 {objection.number} 已办结：{STATUS_LABELS[status]}",
                                    note.strip(), f"/objections/{objection.id}")])
        return objection


def get_objection(session: Session, viewer: Viewer, objection_id: int) -> Objection:
    objection = session.get(Objection, objection_id)
    if objection is None or not may_see(viewer, subject_id=objection.subject_id,
                                        department_code=objection.department_code,
                                        account_id=objection.objector_account_id):
        raise NotFound(f"异议 {objection_id} 不存在或无权查看")
    return objection


def visible_objections(session: Session, viewer: Viewer, *, status: str | None = None, limit: int = 50,
                       offset: int = 0) -> Sequence[Objection]:
    query = select(Objection).order_by(Objection.submitted_at.desc(), Objection.id.desc())
    if viewer.audience is Audience.DEPARTMENT:
        # A department sees an objection once it is sent to it for verification.
        query = query.where(Objection.department_code == viewer.department_code, Objection.accepted_at.is_not(None))
    elif viewer.audience is Audience.SUBJECT:
        query = query.where((Objection.subject_id == viewer.subject_id)
                            | (Objection.objector_account_id == viewer.account_id))
    elif viewer.audience is not Audience.OFFICE:
        raise Forbidden("请先登录")
    if status:
        query = query.where(Objection.status == ObjectionStatus(status).value)
    return session.scalars(query.limit(limit).offset(offset)).all()


def corrections_of(session: Session, objection_id: int) -> Sequence[Correction]:
    return session.scalars(select(Correction).where(Correction.objection_id == objection_id)
                           .order_by(Correction.id)).all()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def as_dict(objection: Objection) -> dict[str, object]:
    return {"id": objection.id, "number": objection.number, "record_id": objection.record_id,
            "subject_id": objection.subject_id, "department": objection.department_code,
            "objector": objection.objector_name, "agent_note": objection.agent_note, "reason": objection.reason,
            "proposed": objection.proposed, "status": objection.status,
            "status_label": STATUS_LABELS[ObjectionStatus(objection.status)],
            "submitted_at": _iso(objection.submitted_at), "marked_at": _iso(objection.marked_at),
            "mark_due": objection.mark_due.isoformat(), "accept_due": objection.accept_due.isoformat(),
            "accepted_at": _iso(objection.accepted_at), "refused_reason": objection.refused_reason,
            "verify_workdays": objection.verify_workdays,
            "verify_due": objection.verify_due.isoformat() if objection.verify_due else None,
            "closed_at": _iso(objection.closed_at), "outcome_note": objection.outcome_note,
            "rules_basis": objection.rules_basis}
