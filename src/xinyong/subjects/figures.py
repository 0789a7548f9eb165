"""Headline figures of the registry, counted at most once per ``figures_cache_seconds``.

Counting subjects by kind reads the whole table; the home page is the busiest page, so the count
is kept per database and made again only when it is older than the setting (on the platform's
clock, so tests can travel past it).
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.platform import Platform
from xinyong.subjects.models import KIND_LABELS, Subject, SubjectKind

_COUNTED: dict[str, tuple[datetime, dict[str, int]]] = {}
_LOCK = threading.Lock()


def count_subjects(session: Session) -> dict[str, int]:
    """Subjects per kind (merged duplicates not counted twice), and their total."""
    rows = session.execute(
        select(Subject.kind, func.count()).where(Subject.canonical_id.is_(None)).group_by(Subject.kind)
    ).all()
    counts = {KIND_LABELS[SubjectKind(kind)]: n for kind, n in rows}
    counts = {label: counts.get(label, 0) for label in KIND_LABELS.values()}
    counts["合计"] = sum(counts.values())
    return counts


def headline_figures(session: Session, platform: Platform) -> dict[str, int]:
    now, ttl = platform.clock.now(), timedelta(seconds=platform.settings.figures_cache_seconds)
    with _LOCK:
        kept = _COUNTED.get(platform.db.url)
    if kept is not None and kept[0] <= now < kept[0] + ttl:
        return kept[1]
    counts = count_subjects(session)
    with _LOCK:
        _COUNTED[platform.db.url] = (now, counts)
    return counts
