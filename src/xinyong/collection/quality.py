"""Each department's collection quality for a month (归集质量): volume, rejections, completeness,
timeliness (迟报率) and wrong codes (重错码率).

Formulas (a month is counted in China Standard Time, by when the platform received the data):

- 报送量: rows received; 入库: records stored or updated.
- 退回率 = rejected rows ÷ rows received; top reasons by count.
- 完整率 = filled optional fields ÷ optional fields, over the versions received.
- 迟报率 = records of items with a deadline (双公示: 7 working days) first received more than that
  many working days after their decision date ÷ such records first received in the month, counted
  on the official working-day calendar.
- 重错码率 = records whose subject code was missing or failed its checks, or whose subject has an
  open duplicate/wrong-code finding ÷ records first received in the month.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.clock import CHINA
from xinyong.collection.models import Batch, RowRejection
from xinyong.errors import UserError
from xinyong.records.models import LinkState, Record, RecordVersion
from xinyong.subjects.models import CodeIssue, Subject
from xinyong.workdays.calendar import WorkdayCalendar


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """``"2026-10"`` → the first moment of October and of November, in China Standard Time."""
    try:
        first = date.fromisoformat(month + "-01")
    except ValueError:
        raise UserError(f"月份“{month}”格式有误，应为 YYYY-MM，例如 2026-10") from None
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return datetime.combine(first, time(), CHINA), datetime.combine(following, time(), CHINA)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class MonthlyQuality:
    department_code: str
    department_name: str
    month: str
    batches: int
    rows: int
    stored: int
    updated: int
    unchanged: int
    rejected: int
    rejection_rate: float | None
    top_reasons: list[tuple[str, int]]
    completeness: float | None
    deadline_records: int
    late_records: int
    late_rate: float | None
    new_records: int
    bad_code_records: int
    bad_code_rate: float | None
    late_examples: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def monthly_quality(session: Session, catalog: Catalog, calendar: WorkdayCalendar, department_code: str,
                    month: str) -> MonthlyQuality:
    department = catalog.department(department_code)
    start, end = month_bounds(month)
    in_month = and_(Batch.department_code == department_code, Batch.received_at >= start, Batch.received_at < end)
    totals = session.execute(select(func.count(), func.coalesce(func.sum(Batch.rows), 0),
                                    func.coalesce(func.sum(Batch.stored), 0), func.coalesce(func.sum(Batch.updated), 0),
                                    func.coalesce(func.sum(Batch.unchanged), 0),
                                    func.coalesce(func.sum(Batch.rejected), 0)).where(in_month)).one()
    batches, rows, stored, updated, unchanged, rejected = (int(v) for v in totals)
    reasons: Counter[str] = Counter()
    for (found,) in session.execute(select(RowRejection.reasons).join(Batch, Batch.id == RowRejection.batch_id)
                                    .where(in_month)):
        reasons.update(r["code"] for r in found)
    filled = optional = 0
    optional_fields = {item.id: [f.code for f in item.fields if not f.required] for item in catalog.items()}
    for item_id, values in session.execute(
        select(Record.item_id, RecordVersion.values).join(Record, Record.id == RecordVersion.record_id)
        .join(Batch, Batch.id == RecordVersion.batch_id).where(in_month)
    ):
        fields = optional_fields.get(item_id, [])
        optional += len(fields)
        filled += sum(1 for code in fields if values.get(code) not in (None, "", []))
    deadlines = {item.id: item.collection.deadline_workdays for item in catalog.items()
                 if item.collection.deadline_workdays}
    open_subjects = {sid for ids, in session.execute(select(CodeIssue.subject_ids).where(CodeIssue.status == "open"))
                     for sid in ids}
    new = late = with_deadline = bad = 0
    late_examples: list[dict[str, Any]] = []
    for record_id, item_id, document, decided, received, link, subject_id, verdict in session.execute(
        select(Record.id, Record.item_id, Record.document_no, Record.decided_on, Record.first_received_at,
               Record.link_state, Record.subject_id, Subject.code_verdict)
        .outerjoin(Subject, Subject.id == Record.subject_id)
        .where(Record.department_code == department_code, Record.first_received_at >= start,
               Record.first_received_at < end)
    ):
        new += 1
        if link in (LinkState.BY_NAME.value, LinkState.REVIEW.value) or subject_id in open_subjects or \
                (verdict not in (None, "valid")):
            bad += 1
        if item_id in deadlines and decided is not None:
            with_deadline += 1
            received_on = received.astimezone(CHINA).date()
            taken = calendar.workdays_between(decided, received_on)
            if taken > deadlines[item_id]:
                late += 1
                if len(late_examples) < 10:
                    late_examples.append({"record_id": record_id, "document_no": document,
                                          "decided_on": decided.isoformat(), "received_on": received_on.isoformat(),
                                          "workdays": taken})
    return MonthlyQuality(
        department_code=department_code, department_name=department.name, month=month, batches=batches, rows=rows,
        stored=stored, updated=updated, unchanged=unchanged, rejected=rejected,
        rejection_rate=_rate(rejected, rows), top_reasons=reasons.most_common(5),
        completeness=_rate(filled, optional), deadline_records=with_deadline, late_records=late,
        late_rate=_rate(late, with_deadline), new_records=new, bad_code_records=bad, bad_code_rate=_rate(bad, new),
        late_examples=late_examples,
    )


def quality_overview(session: Session, catalog: Catalog, calendar: WorkdayCalendar, month: str) -> list[MonthlyQuality]:
    """Every department that sent anything in the month, worst late rate first."""
    start, end = month_bounds(month)
    codes = session.scalars(select(Batch.department_code).where(Batch.received_at >= start, Batch.received_at < end)
                            .distinct()).all()
    reports = [monthly_quality(session, catalog, calendar, code, month) for code in sorted(codes)]
    return sorted(reports, key=lambda r: (-(r.late_rate or 0), r.department_code))
