"""Field values someone says a record should hold (an objector's claim, a department's correction),
checked by the same cleaning rules collection applies, then written as a version of the record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.catalog.model import Item
from xinyong.collection.cleaning import RowCleaner
from xinyong.collection.readers import RawRow
from xinyong.collection.review import diff
from xinyong.errors import UserError
from xinyong.records.archive import display
from xinyong.records.classing import RecordClasser
from xinyong.records.content import content_hash
from xinyong.records.models import Record, RecordVersion


@dataclass(frozen=True)
class Checked:
    values: dict[str, Any]  # the record's published values with the changes, as stored (JSON)
    clean: dict[str, Any]  # the whole row as cleaning typed it (for severity and periods)
    changed: dict[str, list[Any]]  # field code → [old, new]


def fixed_fields(item: Item) -> set[str]:
    """Fields a correction may not touch: what identifies the record or its subject, ID numbers and
    the status (a withdrawn decision is revoked by its department, not corrected)."""
    fixed = set(item.key) | {f.code for f in item.fields if f.personal}
    for role in ("subject_name", "subject_codes", "person_id", "status", "subject_kind"):
        value = item.role(role)
        fixed |= {value} if isinstance(value, str) else set(value or ())
    return fixed


def published_version(session: Session, record: Record) -> RecordVersion:
    version = session.scalar(select(RecordVersion).where(RecordVersion.record_id == record.id,
                                                         RecordVersion.version == record.approved_version))
    if version is None:
        raise UserError(f"记录 {record.id} 尚未公开，不能对其提出异议或更正")
    return version


def check_changes(catalog: Catalog, record: Record, base: RecordVersion, changes: dict[str, str],
                  today: date) -> Checked:
    """The record's values with ``changes`` (field code or label → text) applied, or a ``UserError``
    naming each value that is not acceptable and why."""
    item = catalog.item(record.item_id)
    by_label = {f.label: f.code for f in item.fields}
    wanted = {by_label.get(k.strip(), k.strip()): str(v).strip() for k, v in changes.items()}
    unknown = [k for k in wanted if not item.has_field(k)]
    if unknown:
        raise UserError(f"“{item.name}”没有字段：{'、'.join(unknown)}")
    fixed = sorted(fixed_fields(item) & set(wanted))
    if fixed:
        labels = "、".join(item.field(c).label for c in fixed)
        raise UserError(f"{labels} 标识记录或主体，不能在异议中更改；如决定本身有误，应由报送部门撤销后重新报送")
    row = {**base.as_received(), **wanted}
    cleaned = RowCleaner(catalog, item, received_on=today).clean(RawRow(0, row))
    problems = [p.message for p in cleaned.problems if not p.is_warning and p.field in wanted]
    if problems:
        raise UserError("；".join(problems))
    values = dict(base.values)
    for code in wanted:
        values[code] = cleaned.stored.get(code)
    changed = diff(base.values, values)
    if not changed:
        raise UserError("所填的值与记录现有的值相同，没有需要更改的内容")
    return Checked(values, cleaned.values, changed)


def describe_changes(catalog: Catalog, item_id: str, changed: dict[str, list[Any]]) -> list[tuple[str, str, str, str]]:
    """(code, label, old, new) in the reader's words."""
    item = catalog.item(item_id)
    return [(code, item.field(code).label, display(catalog, item.field(code), old),
             display(catalog, item.field(code), new)) for code, (old, new) in changed.items()]


def write_correction(session: Session, catalog: Catalog, record: Record, checked: Checked, *, at: datetime,
                     actor: str, reason: str) -> int:
    """Publish the corrected values as the record's new version; returns the version number.

    The department's earlier versions stay on file. Severity and publicity are classified again, since
    a corrected category, fine or date can change them.
    """
    base = published_version(session, record)
    version = record.latest_version + 1
    digest = content_hash(checked.values)
    session.add(RecordVersion(record_id=record.id, version=version, change="correct", values=checked.values,
                              sealed=base.sealed, raw={"更正依据": reason}, content_hash=digest,
                              batch_id=None, row_no=0, received_at=at, review="approved", reviewed_by=actor,
                              reviewed_at=at, review_note=reason, diff=checked.changed))
    item = catalog.item(record.item_id)
    decided_field = item.role("decided_on")
    decided = checked.clean.get(decided_field) if isinstance(decided_field, str) else record.decided_on
    classing = RecordClasser(catalog, item).classify(checked.clean, decided if isinstance(decided, date) else None)
    record.latest_version = record.approved_version = version
    record.content_hash = digest
    record.decided_on = decided if isinstance(decided, date) else record.decided_on
    record.severity = classing.severity.value if classing.severity else None
    record.publicity_ends_on = classing.publicity_ends_on
    return version


def write_objector_version(session: Session, record: Record, values: dict[str, Any], statement: str, *,
                           at: datetime, actor: str) -> int:
    """Keep the objector's version beside the department's (异议无法核实): a version that is never
    published as the record's word, shown next to it."""
    version = record.latest_version + 1
    base = published_version(session, record)
    session.add(RecordVersion(record_id=record.id, version=version, change="objection", values=values,
                              sealed=base.sealed, raw={"异议人陈述": statement}, content_hash=content_hash(values),
                              batch_id=None, row_no=0, received_at=at, review="disputed", reviewed_by=actor,
                              reviewed_at=at, review_note=statement, diff=diff(base.values, values)))
    record.latest_version = version
    record.disputed = True
    return version
