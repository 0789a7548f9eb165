"""Credit commitments (信用承诺): accepted by a department, published in the catalog's standard form
(``credit_commitment``), judged fulfilled or breached; a breach becomes a ``commitment_breach``
dishonesty record with the commitment as its basis."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.collection.revocation import revoke_record
from xinyong.errors import Conflict, Forbidden, NotFound, UserError
from xinyong.platform import Platform
from xinyong.subjects.lookup import get_subject
from xinyong.subjects.models import Subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.workflows.access import may_see, require_department
from xinyong.workflows.models import Commitment, CommitmentStatus
from xinyong.workflows.outbox import Notice, Recipient
from xinyong.workflows.publishing import push_record
from xinyong.workflows.rules import workflow_rules
from xinyong.workflows.steps import record_step

STATUS_LABELS = {CommitmentStatus.IN_FORCE: "履行中", CommitmentStatus.FULFILLED: "全部履行",
                 CommitmentStatus.BREACHED: "未履行（已记入失信记录）"}
_LYZT = {CommitmentStatus.IN_FORCE: "4", CommitmentStatus.FULFILLED: "1", CommitmentStatus.BREACHED: "3"}


@dataclass(frozen=True)
class CommitmentInput:
    subject: str  # USCC or #id
    type_code: str  # code or label of code table commitment_type
    title: str  # 承诺事由
    text: str  # 承诺内容
    scope: str  # 适用范围
    obligations: list[str]
    made_on: date
    deadline: date  # 履约期限
    department: str | None = None  # 承诺受理单位: a department's own; named by the office or the subject


@dataclass(frozen=True)
class Published:
    """A commitment checked and public, not yet tracked."""

    subject_id: int
    department: str
    code: str
    record_id: int
    data: CommitmentInput


def _type_code(platform: Platform, given: str) -> str:
    table = platform.catalog.code_table("commitment_type")
    for value in table.values:
        if given.strip() in (value.code, value.label, *value.synonyms):
            return value.code
    labels = "、".join(f"{v.code} {v.label}" for v in table.values)
    raise UserError(f"承诺类型“{given}”未知，应为：{labels}")


def _check(platform: Platform, data: CommitmentInput, today: date) -> None:
    for label, text, limit in (("承诺事由", data.title, 500), ("承诺内容", data.text, 4000),
                               ("适用范围", data.scope, 500)):
        if not text.strip():
            raise UserError(f"{label}不能为空")
        if len(text) > limit:
            raise UserError(f"{label}长 {len(text)} 字，超过 {limit} 字的上限")
    if not [o for o in data.obligations if o.strip()]:
        raise UserError("承诺履行义务至少写一项，如“按期补交证明材料”")
    if data.made_on > today:
        raise UserError(f"做出承诺日期 {data.made_on} 晚于今天 {today}")
    if data.deadline < data.made_on:
        raise UserError(f"履约期限 {data.deadline} 早于做出承诺日期 {data.made_on}")


def accepting_department(viewer: Viewer, department: str | None) -> str:
    if viewer.audience is Audience.DEPARTMENT:
        if department and department != viewer.department_code:
            raise Forbidden(f"部门账号只能登记本部门（{viewer.department_code}）受理的承诺")
        return viewer.department_code or ""
    if viewer.audience in (Audience.OFFICE, Audience.SUBJECT):
        if not department:
            raise UserError("请用 department 指明承诺受理单位（部门代码）")
        return department
    raise Forbidden("请先登录")


def record_values(platform: Platform, subject: Subject, department: str, code: str, data: CommitmentInput,
                  status: CommitmentStatus) -> dict[str, Any]:
    """The commitment in the catalog's standard form (信用承诺信息)."""
    accepting = platform.catalog.department(department)
    return {"CNZT_MC": subject.name, "CNZT_DM": subject.code, "CNLX": data.type_code, "CNSY": data.title.strip(),
            "CNRQ": data.made_on.isoformat(), "SLDW": accepting.name, "SLDWDM": accepting.uscc,
            "LYZT": _LYZT[status], "CNBM": code, "CNNR": data.text.strip(), "CNFW": data.scope.strip(),
            "CNYW": "；".join(o.strip() for o in data.obligations if o.strip()), "LYQX": data.deadline.isoformat()}


def publish(platform: Platform, viewer: Viewer, data: CommitmentInput) -> Published:
    """Check a commitment and publish it. Nothing is written when a check fails."""
    today = platform.clock.today()
    department = accepting_department(viewer, data.department)
    data = CommitmentInput(**{**data.__dict__, "type_code": _type_code(platform, data.type_code)})
    _check(platform, data, today)
    platform.catalog.check_supplies(department, "credit_commitment")
    with platform.db.session() as session:
        subject = get_subject(session, PersonIdVault(platform.keys), data.subject)
        if viewer.audience is Audience.SUBJECT and subject.id != viewer.subject_id:
            raise Forbidden("主体账号只能以本主体名义作出承诺")
        if subject.code_scheme != "uscc":
            raise UserError(f"“{subject.name}”没有统一社会信用代码，信用承诺须以统一社会信用代码公示")
    code = f"CN{today:%Y%m%d}{secrets.token_hex(3).upper()}"
    values = record_values(platform, subject, department, code, data, CommitmentStatus.IN_FORCE)
    record_id = push_record(platform, department=department, item_id="credit_commitment", values=values,
                            actor=viewer.actor, document_no=code)
    return Published(subject.id, department, code, record_id, data)


def add_commitment(session: Session, platform: Platform, viewer: Viewer, published: Published) -> Commitment:
    subject_id, department, code, data = published.subject_id, published.department, published.code, published.data
    now = platform.clock.now()
    family = workflow_rules().family_of(data.type_code)
    commitment = Commitment(code=code, subject_id=subject_id, department_code=department, type_code=data.type_code,
                            family=family.code, title=data.title.strip(), text=data.text.strip(),
                            scope=data.scope.strip(), obligations=[o.strip() for o in data.obligations if o.strip()],
                            made_on=data.made_on, deadline=data.deadline, status=CommitmentStatus.IN_FORCE.value,
                            record_id=published.record_id, created_at=now, created_by=viewer.actor)
    session.add(commitment)
    session.flush()
    link = f"/commitments/{commitment.id}"
    record_step(session, case_kind="commitment", case_id=commitment.id, action="accepted", actor=viewer.actor,
                at=now, subject_id=subject_id, due_on=data.deadline,
                payload={"code": code, "family": family.code, "record": published.record_id},
                notices=[Notice(Recipient.subject(subject_id), f"信用承诺已受理并公示：{data.title}",
                                f"承诺编码 {code}，{family.label}，履约期限 {data.deadline}。", link),
                         Notice(Recipient.department(department), f"已受理信用承诺 {code}",
                                f"请在履约期限 {data.deadline} 后认定履约情况。", link)])
    return commitment


def create_commitment(platform: Platform, viewer: Viewer, data: CommitmentInput) -> Commitment:
    """Accept, publish and track a commitment. If tracking cannot be written the published record is
    withdrawn again, so no commitment is public without its case."""
    published = publish(platform, viewer, data)
    try:
        with platform.db.session() as session:
            return add_commitment(session, platform, viewer, published)
    except Exception:
        with platform.db.session() as session:
            revoke_record(session, published.record_id, department_code=published.department,
                          reason="承诺登记未完成，撤回公示", at=platform.clock.now(), actor=viewer.actor)
        raise


def _commitment_input(commitment: Commitment) -> CommitmentInput:
    return CommitmentInput(subject=f"#{commitment.subject_id}", type_code=commitment.type_code,
                           title=commitment.title, text=commitment.text, scope=commitment.scope,
                           obligations=list(commitment.obligations), made_on=commitment.made_on,
                           deadline=commitment.deadline, department=commitment.department_code)


def record_verdict(platform: Platform, viewer: Viewer, commitment_id: int, *, fulfilled: bool,
                   note: str) -> Commitment:
    """The accepting department's verdict. A breach is published as a dishonesty record first; the
    pushes are idempotent, so a verdict interrupted half way is simply given again."""
    today, now = platform.clock.today(), platform.clock.now()
    with platform.db.session() as session:
        commitment = session.get(Commitment, commitment_id)
        if commitment is None:
            raise NotFound(f"信用承诺 {commitment_id} 不存在")
        require_department(viewer, commitment.department_code, "履约认定")
        if commitment.status != CommitmentStatus.IN_FORCE.value:
            raise Conflict(f"承诺 {commitment.code} 已认定为{STATUS_LABELS[CommitmentStatus(commitment.status)]}")
        if not fulfilled and not note.strip():
            raise UserError("认定未履行时须写明违背承诺的情形")
        subject = session.get_one(Subject, commitment.subject_id)
    status = CommitmentStatus.FULFILLED if fulfilled else CommitmentStatus.BREACHED
    values = record_values(platform, subject, commitment.department_code, commitment.code,
                           _commitment_input(commitment), status)
    push_record(platform, department=commitment.department_code, item_id="credit_commitment", values=values,
                actor=viewer.actor, document_no=commitment.code)
    breach_id = None
    if not fulfilled:
        breach = {key: values[key] for key in ("CNZT_MC", "CNZT_DM", "CNBM", "CNLX", "CNSY", "CNRQ", "SLDW", "SLDWDM")}
        breach |= {"WYQX": note.strip()[:2000], "RDRQ": today.isoformat()}
        breach_id = push_record(platform, department=commitment.department_code, item_id="commitment_breach",
                                values=breach, actor=viewer.actor, document_no=commitment.code)
    with platform.db.session() as session:
        commitment = session.get_one(Commitment, commitment_id, with_for_update=True)
        if commitment.status != CommitmentStatus.IN_FORCE.value:
            raise Conflict(f"承诺 {commitment.code} 已由他人认定")
        commitment.status, commitment.verdict_on, commitment.verdict_by = status.value, today, viewer.actor
        commitment.verdict_note, commitment.breach_record_id = note.strip() or None, breach_id
        words = "全部履行" if fulfilled else "未履行，已记入失信记录（违背信用承诺信息）"
        record_step(session, case_kind="commitment", case_id=commitment.id,
                    action="fulfilled" if fulfilled else "breached", actor=viewer.actor, at=now,
                    subject_id=commitment.subject_id, note=note.strip() or None,
                    payload={"code": commitment.code, "breach_record": breach_id},
                    notices=[Notice(Recipient.subject(commitment.subject_id),
                                    f"信用承诺 {commitment.code} 认定为{words}",
                                    note.strip() or "受理部门已认定履约情况。", f"/commitments/{commitment.id}")])
        return commitment


def visible_commitments(session: Session, viewer: Viewer, *, status: str | None = None, limit: int = 50,
                        offset: int = 0) -> Sequence[Commitment]:
    query = select(Commitment).order_by(Commitment.deadline, Commitment.id)
    if viewer.audience is Audience.DEPARTMENT:
        query = query.where(Commitment.department_code == viewer.department_code)
    elif viewer.audience is Audience.SUBJECT:
        query = query.where(Commitment.subject_id == viewer.subject_id)
    elif viewer.audience is not Audience.OFFICE:
        raise Forbidden("请先登录")
    if status:
        query = query.where(Commitment.status == CommitmentStatus(status).value)
    return session.scalars(query.limit(limit).offset(offset)).all()


def get_commitment(session: Session, viewer: Viewer, commitment_id: int) -> Commitment:
    commitment = session.get(Commitment, commitment_id)
    if commitment is None or not may_see(viewer, subject_id=commitment.subject_id,
                                         department_code=commitment.department_code, account_id=None):
        raise NotFound(f"信用承诺 {commitment_id} 不存在或无权查看")
    return commitment


def as_dict(commitment: Commitment, today: date) -> dict[str, Any]:
    return {"id": commitment.id, "code": commitment.code, "subject_id": commitment.subject_id,
            "department": commitment.department_code, "type": commitment.type_code, "family": commitment.family,
            "title": commitment.title, "text": commitment.text, "scope": commitment.scope,
            "obligations": commitment.obligations, "made_on": commitment.made_on.isoformat(),
            "deadline": commitment.deadline.isoformat(), "status": commitment.status,
            "status_label": STATUS_LABELS[CommitmentStatus(commitment.status)],
            "overdue": commitment.status == CommitmentStatus.IN_FORCE.value and commitment.deadline < today,
            "verdict_on": commitment.verdict_on.isoformat() if commitment.verdict_on else None,
            "verdict_by": commitment.verdict_by, "verdict_note": commitment.verdict_note,
            "record_id": commitment.record_id, "breach_record_id": commitment.breach_record_id}
