"""Objection and repair turnaround for the monitoring dashboard and the city indicators.

Counted in working days from receipt (objection submitted, repair applied) to the answer (closed,
decided); within deadline means answered by the case's last due date (异议: the verification due
date, or the acceptance due date when refused; 修复: the decision due date).
"""

from __future__ import annotations

from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.clock import CHINA
from xinyong.collection.quality import month_bounds
from xinyong.monitoring.turnaround import Turnaround
from xinyong.workdays.calendar import WorkdayCalendar
from xinyong.workflows.models import Objection, RepairApplication


def _figure(kind: str, month: str, cases: list[tuple], received: int, calendar: WorkdayCalendar) -> Turnaround:
    taken = [calendar.workdays_between(start.astimezone(CHINA).date(), end.astimezone(CHINA).date())
             for start, end, _ in cases]
    in_time = [end.astimezone(CHINA).date() <= due for _, end, due in cases if due is not None]
    return Turnaround(kind=kind, month=month, closed=len(cases), median_workdays=median(taken) if taken else None,
                      within_deadline=sum(in_time) / len(in_time) if in_time else None, received=received)


def workflow_turnaround(session: Session, calendar: WorkdayCalendar, month: str) -> list[Turnaround]:
    start, end = month_bounds(month)
    objections = [(s, c, v or a) for s, c, v, a in session.execute(
        select(Objection.submitted_at, Objection.closed_at, Objection.verify_due, Objection.accept_due)
        .where(Objection.closed_at >= start, Objection.closed_at < end))]
    objections_in = session.scalar(select(func.count()).select_from(Objection).where(
        Objection.submitted_at >= start, Objection.submitted_at < end)) or 0
    repairs = [tuple(row) for row in session.execute(
        select(RepairApplication.applied_at, RepairApplication.decided_at, RepairApplication.decide_due)
        .where(RepairApplication.decided_at >= start, RepairApplication.decided_at < end))]
    repairs_in = session.scalar(select(func.count()).select_from(RepairApplication).where(
        RepairApplication.applied_at >= start, RepairApplication.applied_at < end)) or 0
    return [_figure("objection", month, objections, objections_in, calendar),
            _figure("repair", month, repairs, repairs_in, calendar)]
