"""A subject's archive (一户一档) as one viewer may see it: its records, grouped by the catalog's
categories, each with its source department and dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.catalog import Catalog
from xinyong.catalog.model import Field, FieldType, Item
from xinyong.disclosure import DisclosurePolicy
from xinyong.records.models import Record, RecordVersion, newest_first
from xinyong.subjects.models import Subject


@dataclass
class Entry:
    """One record as shown: its values in words, where it came from, and its marks."""

    record_id: int
    item: Item
    department: str
    document_no: str | None
    decided_on: date | None
    received_on: date
    publicity_ends_on: date | None
    severity: str | None
    status: str
    marks: tuple[str, ...]
    headline: str
    fields: list[tuple[str, str]]
    # 异议无法核实: what the objector says instead, shown beside the department's version.
    objector_statement: str = ""
    objector_fields: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "item": self.item.id, "item_name": self.item.name,
                "department": self.department, "document_no": self.document_no,
                "decided_on": self.decided_on.isoformat() if self.decided_on else None,
                "received_on": self.received_on.isoformat(),
                "publicity_ends_on": self.publicity_ends_on.isoformat() if self.publicity_ends_on else None,
                "severity": self.severity, "status": self.status, "marks": list(self.marks),
                "headline": self.headline, "fields": [{"label": label, "value": value} for label, value in self.fields],
                "objector_version": {"statement": self.objector_statement,
                                     "fields": [{"label": label, "value": value}
                                                for label, value in self.objector_fields]}
                if self.objector_statement else None}


@dataclass
class Tab:
    """One catalog item's records (行政许可, 行政处罚, …), under its category (行政管理信息 …)."""

    item: Item
    category: str
    count: int
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Archive:
    subject: Subject
    tabs: list[Tab]

    @property
    def total(self) -> int:
        return sum(tab.count for tab in self.tabs)


def display(catalog: Catalog, spec: Field, value: Any) -> str:
    """A stored value in the words a reader expects: code labels, 万元, 长期."""
    if value in (None, "", []):
        return ""
    if spec.type is FieldType.CODE and spec.code_table:
        table = catalog.code_table(spec.code_table)
        return "、".join(table.label(str(v)) for v in (value if isinstance(value, list) else [value]))
    if spec.type is FieldType.AMOUNT:
        return f"{Decimal(str(value)).normalize():f} 万元"
    if spec.type is FieldType.DATE and str(value) == "2099-12-31":
        return "长期"
    return str(value)


def family(session: Session, subject: Subject) -> list[int]:
    """The subject and every subject merged into it: one archive."""
    return [subject.id, *session.scalars(select(Subject.id).where(Subject.canonical_id == subject.id))]


def load_archive(session: Session, catalog: Catalog, policy: DisclosurePolicy, viewer: Viewer, subject: Subject,
                 today: date, per_item: int = 50) -> Archive:
    ids = family(session, subject)
    visible = and_(Record.subject_id.in_(ids), policy.where(viewer, today, subject.id))
    counts = dict(session.execute(select(Record.item_id, func.count()).where(visible).group_by(Record.item_id)).all())
    shown = (select(Record, RecordVersion.values)
             .join(RecordVersion, and_(RecordVersion.record_id == Record.id,
                                       RecordVersion.version == func.coalesce(Record.approved_version,
                                                                              Record.latest_version)))
             .where(visible))
    departments = {d.code: d.name for d in catalog.departments()}
    categories = {c.code: c.name for c in catalog.categories()}
    tabs = []
    for item in sorted((catalog.item(i) for i in counts), key=lambda i: (i.category, i.id)):
        hidden = {c for c in (item.role("subject_name"), item.role("subject_kind")) if isinstance(c, str)}
        headline = item.role("headline") or ()
        tab = Tab(item, categories.get(item.category, item.category), counts[item.id])
        rows = session.execute(shown.where(Record.item_id == item.id)
                               .order_by(*newest_first()).limit(per_item))
        for record, values in rows:
            fields = [(spec.label, display(catalog, spec, values.get(spec.code))) for spec in item.fields
                      if spec.code not in hidden and values.get(spec.code) not in (None, "", [])]
            words = [display(catalog, item.field(code), values.get(code)) for code in headline]
            tab.entries.append(Entry(
                record.id, item, departments.get(record.department_code, record.department_code), record.document_no,
                record.decided_on, record.first_received_at.date(), record.publicity_ends_on, record.severity,
                record.status, policy.marks(record, today), "；".join(w for w in words if w), fields))
        tabs.append(tab)
    _attach_objector_versions(session, catalog, [e for tab in tabs for e in tab.entries if "异议无法核实" in e.marks])
    return Archive(subject, tabs)


def _attach_objector_versions(session: Session, catalog: Catalog, entries: list[Entry]) -> None:
    """Both versions of a disputed record: the objector's is its newest version of change "objection"."""
    if not entries:
        return
    by_id = {e.record_id: e for e in entries}
    rows = session.execute(select(RecordVersion.record_id, RecordVersion.values, RecordVersion.raw,
                                  RecordVersion.diff)
                           .where(RecordVersion.record_id.in_(list(by_id)), RecordVersion.change == "objection")
                           .order_by(RecordVersion.version))
    for record_id, values, raw, differs in rows:
        entry = by_id[record_id]
        entry.objector_statement = str(raw.get("异议人陈述", ""))
        entry.objector_fields = [(spec.label, display(catalog, spec, values.get(spec.code)))
                                 for spec in entry.item.fields if spec.code in differs]
