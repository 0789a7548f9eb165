"""The figures the dashboard, the alerts, the indicators and the report share, each one query away.

A month is counted in China Standard Time: records by when the platform first received them, list
entries by their decision date, grades as they stand now.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.catalog.model import ItemClass
from xinyong.clock import CHINA
from xinyong.collection.quality import month_bounds
from xinyong.evaluation.models import Grade
from xinyong.monitoring.periods import days
from xinyong.records.models import Record, RecordStatus, RecordVersion
from xinyong.subjects.models import Subject

LIST_CATEGORIES = ("05", "06")  # 经营异常名录, 严重失信主体名单
_GRADED_KINDS = ("organisation", "individual_business")


def records_by_department(session: Session, months: list[str]) -> dict[str, dict[str, int]]:
    """department → month → records first received in that month."""
    found: dict[str, dict[str, int]] = {}
    for month in months:
        start, end = month_bounds(month)
        for department, count in session.execute(
                select(Record.department_code, func.count()).where(Record.first_received_at >= start,
                                                                   Record.first_received_at < end)
                .group_by(Record.department_code)):
            found.setdefault(department, {})[month] = count
    return found


def list_movements(session: Session, catalog: Catalog, months: list[str]) -> dict[str, tuple[int, int]]:
    """month → (entries, exits) of the lists: 列入 by decision date; 移出 by removal date, revocation,
    repair, or the end of the publicity period."""
    items = [i for i in catalog.items() if i.category in LIST_CATEGORIES]
    ended = {i.id: i.role("ended_on") for i in items if isinstance(i.role("ended_on"), str)}
    moves = {m: [0, 0] for m in months}
    first, _ = days(months[0])
    _, last = days(months[-1])
    rows = session.execute(
        select(Record.item_id, Record.decided_on, Record.revoked_at, Record.repaired_on, Record.publicity_ends_on,
               RecordVersion.values)
        .join(RecordVersion, and_(RecordVersion.record_id == Record.id,
                                  RecordVersion.version == func.coalesce(Record.approved_version,
                                                                         Record.latest_version)))
        .where(Record.item_id.in_([i.id for i in items]),
               Record.status.in_([RecordStatus.APPROVED.value, RecordStatus.REVOKED.value])))
    for item_id, decided, revoked, repaired, publicity_end, values in rows:
        if decided and first <= decided < last:
            moves[f"{decided:%Y-%m}"][0] += 1
        removal = values.get(ended[item_id]) if item_id in ended else None
        exits = [revoked.astimezone(CHINA).date() if revoked else None, repaired, publicity_end,
                 date.fromisoformat(removal) if removal else None]
        out = min((d for d in exits if d is not None), default=None)
        if out and first <= out < last:
            moves[f"{out:%Y-%m}"][1] += 1
    return {m: (entries, exits) for m, (entries, exits) in moves.items()}


def grade_distribution(session: Session, model_id: str, by: str) -> dict[str | None, Counter[str]]:
    """Current grades by district (``region``) or sector (``industry``)."""
    column = Subject.region_code if by == "region" else Subject.industry
    found: dict[str | None, Counter[str]] = {}
    for key, grade, count in session.execute(
            select(column, Grade.grade, func.count()).join(Subject, Subject.id == Grade.subject_id)
            .where(Grade.model_id == model_id, Grade.current.is_(True)).group_by(column, Grade.grade)):
        found.setdefault(key, Counter())[grade] += count
    return found


def dishonest_items(catalog: Catalog) -> list[str]:
    return [i.id for i in catalog.items() if i.item_class is ItemClass.DISHONEST]


def dishonesty_rates(session: Session, catalog: Catalog, month: str, by: str) -> dict[str | None, tuple[int, int]]:
    """失信率 by district or sector: active organisations and individual businesses with a dishonesty
    record (not 轻微, approved, not repaired) decided in the month ÷ those registered by its end."""
    column = Subject.region_code if by == "region" else Subject.industry
    start, end = days(month)
    population = dict(session.execute(
        select(column, func.count()).where(Subject.kind.in_(_GRADED_KINDS), Subject.status == "active",
                                           Subject.canonical_id.is_(None),
                                           or_(Subject.registered_on.is_(None), Subject.registered_on < end))
        .group_by(column)).all())
    dishonest = dict(session.execute(
        select(column, func.count(func.distinct(Subject.id))).join(Record, Record.subject_id == Subject.id)
        .where(Subject.kind.in_(_GRADED_KINDS), Subject.status == "active",
               Record.item_id.in_(dishonest_items(catalog)), Record.status == RecordStatus.APPROVED.value,
               Record.repaired_on.is_(None), or_(Record.severity.is_(None), Record.severity != "minor"),
               Record.decided_on >= start, Record.decided_on < end)
        .group_by(column)).all())
    return {key: (dishonest.get(key, 0), total) for key, total in population.items()}
