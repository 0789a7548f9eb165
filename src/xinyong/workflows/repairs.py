"""Credit repair (信用修复): the subject applies when the record is eligible, with the conditions met,
a public repair commitment and the materials; the department that decided the record decides
(谁认定、谁修复). Approval sets the record's ``repaired_on``, which at once ends public display
and sharing (the disclosure policy), lifts list measures (lists read only records not repaired)
and — through the ``workflows:repair:approved`` event carrying the subject — tells evaluation to
recompute the subject's grade."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.catalog.rules import add_months
from xinyong.collection.revocation import revoke_record
from xinyong.errors import Conflict, Forbidden, NotFound, UserError
from xinyong.platform import Platform
from xinyong.records.models import Record, RecordStatus
from xinyong.workflows import attachments
from xinyong.workflows.access import applicant, load_record, may_see, record_subject, require_department
from xinyong.workflows.commitments import CommitmentInput, add_commitment, publish
from xinyong.workflows.eligibility import Eligibility, repair_eligibility
from xinyong.workflows.models import RepairApplication, RepairStatus
from xinyong.workflows.outbox import Notice, Recipient
from xinyong.workflows.rules import workflow_rules
from xinyong.workflows.steps import due, record_step

STATUS_LABELS = {RepairStatus.APPLIED: "已申请，待认定部门决定", RepairStatus.APPROVED: "准予信用修复",
                 RepairStatus.REFUSED: "不予信用修复"}
EFFECTS = ("终止公示", "停止共享", "重新评价", "解除惩戒措施")


@dataclass(frozen=True)
class RepairInput:
    record_id: int
    statement: str  # 申请事由：如何纠正、如何履行
    penalty_performed: bool  # 行政处罚等法定责任和义务已履行完毕
    corrected: bool  # 失信行为已纠正
    commitment_accepted: bool  # 作出公开的信用修复承诺
    uploads: list[attachments.Upload]
    applicant_name: str | None = None
    agent_note: str | None = None


def pending_application(session: Session, record_id: int) -> str | None:
    return session.scalar(select(RepairApplication.number).where(
        RepairApplication.record_id == record_id, RepairApplication.status == RepairStatus.APPLIED.value))


def eligibility_of(session: Session, platform: Platform, record: Record) -> Eligibility:
    return repair_eligibility(platform.catalog, record, platform.clock.today(),
                              pending=pending_application(session, record.id))


def _check(platform: Platform, data: RepairInput) -> None:
    missing = [label for ok, label in ((data.penalty_performed, "行政处罚等法定责任和义务已履行完毕"),
                                       (data.corrected, "失信行为已纠正"),
                                       (data.commitment_accepted, "作出公开的信用修复承诺")) if not ok]
    if missing:
        raise UserError(f"不符合信用修复条件：须{'、'.join(missing)}")
    if not data.statement.strip():
        raise UserError("请说明纠正失信行为、履行义务的情况")
    attachments.check_uploads(data.uploads)
    given = {u.material for u in data.uploads}
    rules = workflow_rules()
    known = {m.code for m in rules.materials}
    unknown = given - known
    if unknown:
        raise UserError(f"材料类别 {'、'.join(sorted(unknown))} 未知，应为：{'、'.join(sorted(known))}")
    lacking = [m.label for m in rules.materials if m.required and m.code not in given]
    if lacking:
        raise UserError(f"缺少必交材料：{'、'.join(lacking)}")


def apply_for_repair(platform: Platform, viewer: Viewer, data: RepairInput) -> RepairApplication:
    """Apply; the repair commitment is published first, and withdrawn again if the application
    cannot be written, so nothing is left half done."""
    _check(platform, data)
    now, today, rules = platform.clock.now(), platform.clock.today(), workflow_rules()
    with platform.db.session() as session:
        record = load_record(session, data.record_id)
        name, agent = applicant(session, viewer, record, data.applicant_name, data.agent_note, legal_rep=False)
        found = eligibility_of(session, platform, record)
        if not found.eligible:
            raise UserError(f"该记录暂不能申请信用修复：{found.reason}")
        subject = record_subject(session, record)
        item = platform.catalog.item(record.item_id)
    department = record.department_code
    accepting = department if "credit_commitment" in platform.catalog.department(department).items \
        else rules.commitment_department
    promise = CommitmentInput(subject=f"#{subject.id}", type_code="6",
                              title=f"信用修复承诺（{item.name} {record.document_no or record.id}）",
                              text=rules.commitment_text, scope="申请信用修复", made_on=today,
                              obligations=["申请材料真实、准确、完整", "承诺期内不再发生同类失信行为"],
                              deadline=add_months(today, 12), department=accepting)
    # A person's commitment is kept with the application: people's records are not published.
    published = publish(platform, _as_subject(viewer, subject.id), promise) if subject.code_scheme == "uscc" \
        else None
    try:
        with platform.db.session() as session:
            commitment = add_commitment(session, platform, _as_subject(viewer, subject.id), published) \
                if published else None
            periods = rules.repair_periods(today)
            application = RepairApplication(
                number="", record_id=record.id, subject_id=subject.id, department_code=department,
                applicant_account_id=viewer.account_id if viewer.audience is Audience.SUBJECT else None,
                applicant_name=name, statement=data.statement.strip(), penalty_performed=True, corrected=True,
                commitment_id=commitment.id if commitment else None, severity=found.severity,
                eligible_from=found.eligible_from or today,
                publicity_basis=found.basis[:300], status=RepairStatus.APPLIED.value, applied_at=now,
                decide_due=due(platform.calendar, now, periods.decide_workdays), rules_basis=periods.basis[:300])
            session.add(application)
            session.flush()
            application.number = f"XF{today:%Y%m%d}{application.id:06d}"
            attachments.store(session, "repair", application.id, data.uploads, at=now, by=viewer.actor)
            link = f"/repairs/{application.id}"
            record_step(session, case_kind="repair", case_id=application.id, action="applied", actor=viewer.actor,
                        at=now, subject_id=subject.id, due_on=application.decide_due, note=agent,
                        payload={"number": application.number, "record": record.id,
                                 "commitment": commitment.code if commitment else rules.commitment_text,
                                 "severity": found.severity, "attachments": len(data.uploads)},
                        notices=[Notice(Recipient.subject(subject.id), f"信用修复申请 {application.number} 已提交",
                                        f"{platform.catalog.department(department).name}将于 "
                                        f"{application.decide_due} 前作出决定。", link),
                                 Notice(Recipient.department(department), f"信用修复申请待决定：{application.number}",
                                        f"请于 {application.decide_due} 前作出修复决定。", link)])
            return application
    except Exception:
        if published:
            with platform.db.session() as session:
                revoke_record(session, published.record_id, department_code=published.department,
                              reason="修复申请未完成，撤回承诺公示", at=platform.clock.now(), actor=viewer.actor)
        raise


def _as_subject(viewer: Viewer, subject_id: int) -> Viewer:
    """The repair commitment is the subject's own, also when the office's window files it."""
    if viewer.audience is Audience.SUBJECT:
        return viewer
    return Viewer(Audience.SUBJECT, viewer.account_id, viewer.username, viewer.display_name, subject_id=subject_id)


def decide_repair(platform: Platform, viewer: Viewer, application_id: int, *, approve: bool,
                  note: str) -> RepairApplication:
    if not note.strip():
        raise UserError("请写明决定理由")
    now, today = platform.clock.now(), platform.clock.today()
    with platform.db.session() as session:
        application = session.get(RepairApplication, application_id, with_for_update=True)
        if application is None:
            raise NotFound(f"信用修复申请 {application_id} 不存在")
        require_department(viewer, application.department_code, "信用修复决定")
        if application.status != RepairStatus.APPLIED.value:
            raise Conflict(f"申请 {application.number} 已{STATUS_LABELS[RepairStatus(application.status)]}")
        record = session.get_one(Record, application.record_id, with_for_update=True)
        if approve and (record.status != RecordStatus.APPROVED.value or record.repaired_on):
            raise Conflict(f"记录 {record.id} 已撤销或已修复，无需再作修复决定")
        status = RepairStatus.APPROVED if approve else RepairStatus.REFUSED
        department = platform.catalog.department(application.department_code)
        application.status, application.decided_at, application.decided_by = status.value, now, viewer.actor
        application.decision_note = note.strip()
        application.document_no = f"{department.name.removeprefix('珠海市')[:4]}信修〔{today.year}〕{application.id}号"
        if approve:
            # One column, four effects at once: the policy stops public display and sharing, lists
            # stop counting the record, and evaluation recomputes from this step's event.
            record.repaired_on = today
        words = "准予信用修复，公示、共享与惩戒措施同时终止" if approve else "不予信用修复"
        record_step(session, case_kind="repair", case_id=application.id,
                    action="approved" if approve else "refused", actor=viewer.actor, at=now,
                    subject_id=application.subject_id, note=note.strip(),
                    payload={"record": record.id, "document_no": application.document_no,
                             "effects": list(EFFECTS) if approve else []},
                    notices=[Notice(Recipient.subject(application.subject_id),
                                    f"信用修复申请 {application.number}：{words}",
                                    f"{note.strip()}。决定书可在线下载。", f"/repairs/{application.id}"),
                             Notice(Recipient.office(), f"信用修复 {application.number}：{STATUS_LABELS[status]}",
                                    note.strip(), f"/repairs/{application.id}")])
        return application


def get_application(session: Session, viewer: Viewer, application_id: int) -> RepairApplication:
    application = session.get(RepairApplication, application_id)
    if application is None or not may_see(viewer, subject_id=application.subject_id,
                                          department_code=application.department_code,
                                          account_id=application.applicant_account_id):
        raise NotFound(f"信用修复申请 {application_id} 不存在或无权查看")
    return application


def visible_applications(session: Session, viewer: Viewer, *, status: str | None = None, limit: int = 50,
                         offset: int = 0) -> Sequence[RepairApplication]:
    query = select(RepairApplication).order_by(RepairApplication.applied_at.desc(), RepairApplication.id.desc())
    if viewer.audience is Audience.DEPARTMENT:
        query = query.where(RepairApplication.department_code == viewer.department_code)
    elif viewer.audience is Audience.SUBJECT:
        query = query.where(RepairApplication.subject_id == viewer.subject_id)
    elif viewer.audience is not Audience.OFFICE:
        raise Forbidden("请先登录")
    if status:
        query = query.where(RepairApplication.status == RepairStatus(status).value)
    return session.scalars(query.limit(limit).offset(offset)).all()


def as_dict(application: RepairApplication) -> dict[str, object]:
    base = f"/api/v1/repairs/{application.id}"
    decided = application.decided_at is not None
    return {"id": application.id, "number": application.number, "record_id": application.record_id,
            "subject_id": application.subject_id, "department": application.department_code,
            "applicant": application.applicant_name, "statement": application.statement,
            "severity": application.severity, "eligible_from": application.eligible_from.isoformat(),
            "publicity_basis": application.publicity_basis, "status": application.status,
            "status_label": STATUS_LABELS[RepairStatus(application.status)],
            "applied_at": application.applied_at.isoformat(), "decide_due": application.decide_due.isoformat(),
            "decided_at": application.decided_at.isoformat() if decided else None,
            "decided_by": application.decided_by, "decision_note": application.decision_note,
            "document_no": application.document_no, "commitment_id": application.commitment_id,
            "decision_html": f"{base}/decision.html" if decided else None,
            "decision_pdf": f"{base}/decision.pdf" if decided else None, "rules_basis": application.rules_basis}
