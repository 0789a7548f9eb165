"""Checking every issued report's stored row against the event that recorded it.

The ledger audit proves the events unchanged; this proves the rows still say what the events say,
and that no report an event records has lost its row."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.authorisations.audit import compare_with_event
from xinyong.events.models import Event
from xinyong.ledger.seal import stored_event
from xinyong.reports.models import IssuedReport
from xinyong.reports.service import ISSUED, report_facts


def check_report(session: Session, report: IssuedReport) -> list[str]:
    return compare_with_event(f"报告 {report.number}", stored_event(session, report.event_id), ISSUED,
                              report_facts(report),
                              {"actor": report.requested_by, "subject": report.subject_id, "at": report.issued_at})


def audit_reports(session: Session) -> list[str]:
    findings: list[str] = []
    numbers = set()
    for report in session.scalars(select(IssuedReport).order_by(IssuedReport.id)):
        numbers.add(report.number)
        findings += check_report(session, report)
    for event_id, ref in session.execute(select(Event.id, Event.object_ref).where(Event.kind == ISSUED)):
        if (ref or "").removeprefix("report:") not in numbers:
            findings.append(f"事件 #{event_id} 记录了报告 {ref}，而该报告的出具记录已不存在（被删除）")
    return findings

