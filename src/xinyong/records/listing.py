"""Record listings (双公示 and every other item), filtered by the disclosure policy first and the
reader's filters second, newest decision first, a page at a time without counting everything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.catalog import Catalog
from xinyong.disclosure import DisclosurePolicy
from xinyong.errors import UserError
from xinyong.records.archive import display
from xinyong.records.models import Record, RecordVersion
from xinyong.subjects.describe import public_ref, shown_code
from xinyong.subjects.models import Subject


def parse_day(text: str | None, label: str) -> date | None:
    """A date from a form or query string; empty means no date."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{label}“{text}”不是有效日期，应为 YYYY-MM-DD") from None


@dataclass(frozen=True)
class Filters:
    item: str | None = None
    category: str | None = None
    department: str | None = None
    decided_from: date | None = None
    decided_to: date | None = None

    def check(self, catalog: Catalog) -> None:
        if self.item:
            catalog.item(self.item)
        if self.category:
            catalog.category(self.category)
        if self.department:
            catalog.department(self.department)
        if self.decided_from and self.decided_to and self.decided_from > self.decided_to:
            raise UserError("开始日期不能晚于结束日期")


@dataclass
class Row:
    record_id: int
    item_id: str
    item_name: str
    subject_name: str
    subject_code: str
    subject_ref: str | None
    department: str
    document_no: str | None
    decided_on: date | None
    headline: str
    marks: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "item": self.item_id, "item_name": self.item_name,
                "subject": {"name": self.subject_name, "code": self.subject_code,
                            "url": f"/subjects/{self.subject_ref}" if self.subject_ref else None},
                "department": self.department, "document_no": self.document_no,
                "decided_on": self.decided_on.isoformat() if self.decided_on else None, "headline": self.headline,
                "marks": list(self.marks)}


def list_records(session: Session, catalog: Catalog, policy: DisclosurePolicy, viewer: Viewer, today: date,
                 filters: Filters, *, page: int, size: int) -> tuple[list[Row], bool]:
    """One page of records this viewer may see, and whether there is a next one."""
    filters.check(catalog)
    conditions = [policy.where(viewer, today)]
    if filters.item:
        conditions.append(Record.item_id == filters.item)
    if filters.category:
        conditions.append(Record.item_id.in_([i.id for i in catalog.items() if i.category == filters.category]))
    if filters.department:
        conditions.append(Record.department_code == filters.department)
    if filters.decided_from:
        conditions.append(Record.decided_on >= filters.decided_from)
    if filters.decided_to:
        conditions.append(Record.decided_on <= filters.decided_to)
    query = (select(Record, RecordVersion.values, Subject)
             .join(RecordVersion, and_(RecordVersion.record_id == Record.id,
                                       RecordVersion.version == func.coalesce(Record.approved_version,
                                                                              Record.latest_version)))
             .outerjoin(Subject, Subject.id == Record.subject_id)
             .where(*conditions)
             .order_by(Record.decided_on.desc().nulls_last(), Record.id.desc())
             .limit(size + 1).offset((page - 1) * size))
    departments = {d.code: d.name for d in catalog.departments()}
    rows = []
    for record, values, subject in session.execute(query):
        item = catalog.item(record.item_id)
        name_field = item.role("subject_name")
        words = [display(catalog, item.field(code), values.get(code)) for code in item.role("headline") or ()]
        person = subject is not None and subject.kind == "person"
        rows.append(Row(
            record.id, item.id, item.name,
            subject.name if subject else str(values.get(name_field) or "") if isinstance(name_field, str) else "",
            shown_code(subject) if subject else "", None if subject is None or person else public_ref(subject),
            departments.get(record.department_code, record.department_code), record.document_no, record.decided_on,
            "；".join(w for w in words if w), policy.marks(record, today)))
    return rows[:size], len(rows) > size
