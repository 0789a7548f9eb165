"""Storing grades: only a result that differs from the subject's current one becomes a new row."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

import orjson
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xinyong.db.bulk import insert_rows
from xinyong.evaluation.engine import Grading
from xinyong.evaluation.model import EvaluationModel
from xinyong.evaluation.models import Grade
from xinyong.events import append_events


@dataclass(frozen=True)
class RunContext:
    """What every chunk of one run shares: the run, the model, the evaluation day and the moment."""

    run_id: int
    model: EvaluationModel
    as_of: date
    now: datetime


@dataclass
class ChunkResult:
    subjects: int = 0
    changed: int = 0
    grades: dict[str, int] = field(default_factory=dict)


def digest(grading: Grading) -> str:
    """What makes two results the same: the score, the grade and every contribution (not the date)."""
    body = {k: v for k, v in grading.explanation.items() if k != "as_of"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def write_grades(session: Session, context: RunContext, gradings: list[Grading]) -> ChunkResult:
    """Store the results that differ from the current ones, retire those they replace, and say so
    in the journal when an official grade letter moves."""
    model, now = context.model, context.now
    ids = [g.subject_id for g in gradings]
    current = {sid: (gid, grade, dig) for gid, sid, grade, dig in session.execute(
        select(Grade.id, Grade.subject_id, Grade.grade, Grade.digest)
        .where(Grade.model_id == model.id, Grade.current.is_(True), Grade.subject_id.in_(ids)))}
    rows, retired, events, grades = [], [], [], {}
    for g in gradings:
        grades[g.grade] = grades.get(g.grade, 0) + 1
        dig = digest(g)
        before = current.get(g.subject_id)
        if before is not None and before[2] == dig:
            continue
        if before is not None:
            retired.append(before[0])
            if before[1] != g.grade and model.status == "official":
                events.append({"at": now, "kind": "evaluation:grade:changed", "actor": "platform:evaluation",
                               "subject_id": g.subject_id, "object_ref": f"model:{model.id}",
                               "payload": {"from": before[1], "to": g.grade, "score": g.score,
                                           "run": context.run_id}})
        rows.append({"run_id": context.run_id, "model_id": model.id, "subject_id": g.subject_id, "score": g.score,
                     "grade": g.grade, "level": g.level, "previous_grade": before[1] if before else None,
                     "explanation": g.explanation, "digest": dig, "as_of": context.as_of, "evaluated_at": now,
                     "current": True})
    for start in range(0, len(retired), 500):
        session.execute(update(Grade).where(Grade.id.in_(retired[start:start + 500])).values(current=False))
    insert_rows(session.connection(), Grade.__table__, rows)
    append_events(session, events)
    return ChunkResult(len(gradings), len(rows), grades)
