"""Evaluation runs: grade subjects with a model, keep each changed result as history, say so in the
event journal (``evaluation:grade:changed`` when a grade letter moves, ``evaluation:run:finished``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from xinyong.collection.journal import about_chunks, named_records
from xinyong.evaluation.backends import Backend, LocalBackend, store_task
from xinyong.evaluation.model import EvaluationModel
from xinyong.evaluation.models import EvaluationRun, FeedCursor
from xinyong.evaluation.store import RunContext
from xinyong.events import append_event
from xinyong.events.models import Event
from xinyong.platform import Platform
from xinyong.subjects.models import Subject

Progress = Callable[[int], None]
CHUNK = 2000


@dataclass
class RunSummary:
    run_id: int
    model_id: str
    subjects: int
    changed: int
    grade_counts: dict[str, int] = field(default_factory=dict)
    backend: str = "local"


def subjects_in_scope(session: Session, model: EvaluationModel) -> list[int]:
    """Every active, unmerged subject of the kinds the model grades (存续主体)."""
    return list(session.scalars(select(Subject.id).where(
        Subject.kind.in_(model.subject_kinds), Subject.canonical_id.is_(None), Subject.status == "active")
        .order_by(Subject.id)))


def evaluate(platform: Platform, model: EvaluationModel, *, subject_ids: Sequence[int] | None = None,
             trigger: str = "full", backend: Backend | None = None, progress: Progress | None = None,
             chunk: int = CHUNK) -> RunSummary:
    """Grade ``subject_ids`` (default: every subject in the model's scope) and store the results."""
    backend = backend or LocalBackend()
    as_of = platform.clock.today()
    with platform.db.session() as session:
        ids = list(subject_ids) if subject_ids is not None else subjects_in_scope(session, model)
        run = EvaluationRun(model_id=model.id, model_version=model.version, official=model.status == "official",
                            trigger=trigger, backend=backend.name, as_of=as_of, started_at=platform.clock.now(),
                            grade_counts={})
        session.add(run)
        session.flush()
        run_id = run.id
        if trigger == "full":
            _move_cursor(session, model.id, session.scalar(select(func.max(Event.id))) or 0, platform)
    counts: Counter[str] = Counter()
    changed = 0
    chunks = [ids[i:i + chunk] for i in range(0, len(ids), chunk)]
    context = RunContext(run_id, model, as_of, platform.clock.now())
    for result in backend.map(store_task, platform.db, context, chunks):
        changed += result.changed
        counts.update(result.grades)
        if progress:
            progress(result.subjects)
    with platform.db.session() as session:
        run = session.get_one(EvaluationRun, run_id)
        run.subjects, run.changed, run.grade_counts = sum(counts.values()), changed, dict(sorted(counts.items()))
        run.finished_at = platform.clock.now()
        append_event(session, at=run.finished_at, kind="evaluation:run:finished", actor="platform:evaluation",
                     object_ref=f"run:{run_id}", payload={"model": model.id, "version": model.version,
                                                          "as_of": as_of.isoformat(), "trigger": trigger,
                                                          "subjects": run.subjects, "changed": changed,
                                                          "grades": run.grade_counts})
    return RunSummary(run_id, model.id, sum(counts.values()), changed, dict(sorted(counts.items())), backend.name)


def _move_cursor(session: Session, model_id: str, event_id: int, platform: Platform) -> None:
    cursor = session.get(FeedCursor, model_id)
    if cursor is None:
        session.add(FeedCursor(model_id=model_id, event_id=event_id, updated_at=platform.clock.now()))
    elif event_id > cursor.event_id:
        cursor.event_id, cursor.updated_at = event_id, platform.clock.now()


def regrade_changed(platform: Platform, model: EvaluationModel, *, backend: Backend | None = None,
                    progress: Progress | None = None) -> RunSummary:
    """Re-grade the subjects whose records changed since the last look at the event journal.

    Any event naming a subject counts (records published, changed or withdrawn; objections and
    repairs from the workflows), except the evaluation's own and the alerts it leads to.
    """
    with platform.db.session() as session:
        cursor = session.get(FeedCursor, model.id)
        since = cursor.event_id if cursor else 0
        top = session.scalar(select(func.max(Event.id))) or since
        named = _named_subjects(session, since, top)
        survivor = aliased(Subject)
        wanted: set[int] = set()
        for start in range(0, len(named), CHUNK):
            wanted.update(session.scalars(
                select(survivor.id).select_from(Subject)
                .join(survivor, survivor.id == func.coalesce(Subject.canonical_id, Subject.id))
                .where(Subject.id.in_(named[start:start + CHUNK]), survivor.kind.in_(model.subject_kinds),
                       survivor.status == "active", survivor.canonical_id.is_(None))))
    summary = evaluate(platform, model, subject_ids=sorted(wanted), trigger="changed",
                       backend=backend, progress=progress)
    with platform.db.session() as session:
        _move_cursor(session, model.id, top, platform)
    return summary


def _named_subjects(session: Session, since: int, top: int) -> list[int]:
    """The subjects events (``since``, ``top``] name, on the event or in a batch's list of records."""
    in_range = (Event.id > since, Event.id <= top)
    named = set(session.scalars(select(Event.subject_id).distinct().where(
        *in_range, Event.subject_id.is_not(None), Event.kind.not_like("evaluation:%"),
        Event.kind.not_like("monitoring:%"))))
    for kind, payload in session.execute(select(Event.kind, Event.payload).where(
            *in_range, about_chunks())).yield_per(100):
        named.update(subject for _, subject in named_records(kind, None, None, payload) if subject is not None)
    return sorted(named)
