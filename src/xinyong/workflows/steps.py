"""Recording a step of a case: the timeline row, the event, the notifications — in one unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.clock import CHINA
from xinyong.events import append_event
from xinyong.workdays import WorkdayCalendar
from xinyong.workflows.models import WorkflowStep
from xinyong.workflows.outbox import Notice, notify

CASE_LABELS = {"commitment": "信用承诺", "objection": "异议", "repair": "信用修复"}
STEP_LABELS = {"accepted": "受理", "fulfilled": "认定全部履行", "breached": "认定未履行，记入失信记录",
               "submitted": "提交", "marked": "标注异议处理中", "forwarded": "转报送部门核实",
               "refused": "不予受理/不予修复",
               "corrected": "核实有误，已更正", "upheld": "核实无误，维持", "unconfirmed": "无法核实，两个版本并列",
               "applied": "提交修复申请", "approved": "准予信用修复", "overdue_accept": "逾期提醒：受理",
               "overdue_verify": "逾期提醒：核实", "overdue_decide": "逾期提醒：修复决定",
               "overdue_verdict": "逾期提醒：履约认定"}


def local_day(moment: datetime) -> date:
    """The calendar day in China of a stored moment (stored as UTC)."""
    return moment.astimezone(CHINA).date()


def due(calendar: WorkdayCalendar, start: datetime | date, workdays: int) -> date:
    """The last day of a step that must be done within ``workdays`` working days of ``start``."""
    day = start if not isinstance(start, datetime) else local_day(start)
    return calendar.add_workdays(day, workdays)


def record_step(session: Session, *, case_kind: str, case_id: int, action: str, actor: str, at: datetime,
                subject_id: int | None, note: str | None = None, due_on: date | None = None,
                payload: dict[str, Any] | None = None, notices: Sequence[Notice] = ()) -> WorkflowStep:
    """Every state change of every case passes here: who, when, what is due next, who is told."""
    body = dict(payload or {})
    step = WorkflowStep(case_kind=case_kind, case_id=case_id, action=action, actor=actor, at=at, note=note,
                        due_on=due_on, payload=body)
    session.add(step)
    event_payload = {**body, **({"note": note} if note else {}), **({"due_on": due_on.isoformat()} if due_on else {})}
    append_event(session, at=at, kind=f"workflows:{case_kind}:{action}", actor=actor, subject_id=subject_id,
                 object_ref=f"{case_kind}:{case_id}", payload=event_payload)
    for notice in notices:
        notify(session, notice, kind=f"{case_kind}:{action}", at=at)
    return step


def timeline(session: Session, case_kind: str, case_id: int) -> Sequence[WorkflowStep]:
    return session.scalars(select(WorkflowStep).where(WorkflowStep.case_kind == case_kind,
                                                      WorkflowStep.case_id == case_id)
                           .order_by(WorkflowStep.at, WorkflowStep.id)).all()


def was_flagged(session: Session, case_kind: str, case_id: int, action: str) -> bool:
    return session.scalar(select(WorkflowStep.id).where(WorkflowStep.case_kind == case_kind,
                                                        WorkflowStep.case_id == case_id,
                                                        WorkflowStep.action == action).limit(1)) is not None
