"""Objection and repair turnaround (异议处理、信用修复的办理时效), read from the workflows' tables.

Each domain with cases adds its reader to ``_sources`` (the workflows domain does); with none,
the dashboard and the indicators say 暂无数据 — never an invented figure. A reader has the
signature of ``TurnaroundSource``:

    def objection_turnaround(session: Session, calendar: WorkdayCalendar, month: str) -> list[Turnaround]

returning one ``Turnaround`` per kind of case closed in the month (``"objection"`` 异议,
``"repair"`` 信用修复), counted in working days from receipt to decision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xinyong.workdays.calendar import WorkdayCalendar

KIND_LABELS = {"objection": "异议处理", "repair": "信用修复"}


@dataclass(frozen=True)
class Turnaround:
    kind: str  # objection | repair
    month: str
    closed: int  # cases decided in the month
    median_workdays: float | None  # from receipt to decision
    within_deadline: float | None  # share decided within the rule's deadline
    received: int = 0  # cases received in the month (异议处理占比 needs them)


TurnaroundSource = Callable[[Session, WorkdayCalendar, str], list[Turnaround]]

def _sources() -> list[TurnaroundSource]:
    # Imported here: the workflows domain imports this module's ``Turnaround``.
    from xinyong.workflows.turnaround import workflow_turnaround

    return [workflow_turnaround]


def turnaround(session: Session, calendar: WorkdayCalendar, month: str) -> list[Turnaround]:
    """Every registered reader's figures for the month."""
    return [figure for source in _sources() for figure in source(session, calendar, month)]
