"""Deadlines kept or missed: the steps past their due day, flagging them once to whoever owes them,
and the credit office's overview (cases by state, overdue, average turnaround in working days)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.platform import Platform
from xinyong.workdays import WorkdayCalendar
from xinyong.workflows.models import (
    Commitment,
    CommitmentStatus,
    Objection,
    ObjectionStatus,
    RepairApplication,
    RepairStatus,
)
from xinyong.workflows.outbox import Notice, Recipient
from xinyong.workflows.steps import CASE_LABELS, local_day, record_step, was_flagged


@dataclass(frozen=True)
class Overdue:
    case_kind: str
    case_id: int
    number: str
    step: str  # accept | verify | decide | verdict
    label: str
    due_on: date
    responsible: str  # a department code, or "office"
    subject_id: int | None
    workdays_late: int

    @property
    def link(self) -> str:
        return f"/{self.case_kind}s/{self.case_id}"

    def as_dict(self) -> dict[str, Any]:
        return {"case": self.case_kind, "id": self.case_id, "number": self.number, "step": self.step,
                "label": self.label, "due_on": self.due_on.isoformat(), "responsible": self.responsible,
                "workdays_late": self.workdays_late, "link": self.link}


def overdue_steps(session: Session, calendar: WorkdayCalendar, today: date, *,
                  department: str | None = None) -> list[Overdue]:
    """Every open step a working day or more past its last day; a department sees only its own."""
    found: list[Overdue] = []

    def late(due_on: date) -> int:
        return calendar.workdays_between(due_on, today)

    if department is None:
        for o in session.scalars(select(Objection).where(Objection.status == ObjectionStatus.SUBMITTED.value,
                                                         Objection.accept_due < today)):
            found.append(Overdue("objection", o.id, o.number, "accept", "异议受理", o.accept_due, "office",
                                 o.subject_id, late(o.accept_due)))
    query = select(Objection).where(Objection.status == ObjectionStatus.VERIFYING.value, Objection.verify_due < today)
    for o in session.scalars(query if department is None else query.where(Objection.department_code == department)):
        assert o.verify_due is not None
        found.append(Overdue("objection", o.id, o.number, "verify", "异议核实", o.verify_due, o.department_code,
                             o.subject_id, late(o.verify_due)))
    query = select(RepairApplication).where(RepairApplication.status == RepairStatus.APPLIED.value,
                                            RepairApplication.decide_due < today)
    for r in session.scalars(query if department is None else query.where(RepairApplication.department_code
                                                                          == department)):
        found.append(Overdue("repair", r.id, r.number, "decide", "信用修复决定", r.decide_due, r.department_code,
                             r.subject_id, late(r.decide_due)))
    query = select(Commitment).where(Commitment.status == CommitmentStatus.IN_FORCE.value, Commitment.deadline < today)
    for c in session.scalars(query if department is None else query.where(Commitment.department_code == department)):
        found.append(Overdue("commitment", c.id, c.code, "verdict", "承诺履约认定", c.deadline, c.department_code,
                             c.subject_id, late(c.deadline)))
    # Late once a working day has passed after the last day: a step due on Friday is not late on Sunday.
    return sorted((o for o in found if o.workdays_late >= 1), key=lambda o: (o.due_on, o.case_kind, o.case_id))


def flag_overdue(platform: Platform) -> list[Overdue]:
    """Flag each overdue step once: a timeline entry, an event and a message to whoever owes it."""
    now, today = platform.clock.now(), platform.clock.today()
    flagged = []
    with platform.db.session() as session:
        for step in overdue_steps(session, platform.calendar, today):
            action = f"overdue_{step.step}"
            if was_flagged(session, step.case_kind, step.case_id, action):
                continue
            to = Recipient.office() if step.responsible == "office" else Recipient.department(step.responsible)
            record_step(session, case_kind=step.case_kind, case_id=step.case_id, action=action, actor="platform",
                        at=now, subject_id=step.subject_id, due_on=step.due_on,
                        note=f"{step.label}已超过期限 {step.due_on}",
                        payload={"responsible": step.responsible, "workdays_late": step.workdays_late},
                        notices=[Notice(to, f"逾期提醒：{CASE_LABELS[step.case_kind]} {step.number} {step.label}",
                                        f"期限 {step.due_on}，已逾期 {step.workdays_late} 个工作日，请尽快办理。",
                                        step.link)])
            flagged.append(step)
    return flagged


def _average(calendar: WorkdayCalendar, spans: list[tuple[Any, Any]]) -> float | None:
    days = [calendar.workdays_between(local_day(start), local_day(end)) for start, end in spans]
    return round(sum(days) / len(days), 1) if days else None


def overview(session: Session, calendar: WorkdayCalendar, today: date) -> dict[str, Any]:
    """Cases by state, overdue steps, and average working days from submission to the answer."""
    def counts(model: Any) -> dict[str, int]:
        return dict(session.execute(select(model.status, func.count()).group_by(model.status)).all())

    objections = session.execute(select(Objection.submitted_at, Objection.closed_at)
                                 .where(Objection.closed_at.is_not(None))).all()
    repairs = session.execute(select(RepairApplication.applied_at, RepairApplication.decided_at)
                              .where(RepairApplication.decided_at.is_not(None))).all()
    late = overdue_steps(session, calendar, today)
    return {"today": today.isoformat(),
            "objections": {"by_status": counts(Objection), "closed": len(objections),
                           "average_workdays": _average(calendar, [tuple(r) for r in objections])},
            "repairs": {"by_status": counts(RepairApplication), "decided": len(repairs),
                        "average_workdays": _average(calendar, [tuple(r) for r in repairs])},
            "commitments": {"by_status": counts(Commitment)},
            "overdue": [o.as_dict() for o in late]}
