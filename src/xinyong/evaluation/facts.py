"""Loading what the engine reads: subjects and their records in force, a chunk of subjects at a time.

A record counts when it is approved, not repaired (信用修复 updates the evaluation, NDRC Order 36)
and not revoked; the records of subjects merged into a subject count for the survivor. Only the
value fields the model's rules read are fetched.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from xinyong.clock import CHINA
from xinyong.evaluation.engine import Fact, SubjectFacts
from xinyong.evaluation.model import EvaluationModel
from xinyong.records.models import Record, RecordStatus, RecordVersion
from xinyong.subjects.models import Subject

_NO_VALUES: dict[str, str] = {}


def load_facts(session: Session, model: EvaluationModel, ids: Sequence[int]) -> list[SubjectFacts]:
    registered = dict(session.execute(select(Subject.id, Subject.registered_on).where(Subject.id.in_(ids))).all())
    owner = {sid: sid for sid in registered}
    owner.update(session.execute(select(Subject.id, Subject.canonical_id).where(Subject.canonical_id.in_(ids))).all())
    wanted = model.fields_read()
    plain = sorted(item for item, fields in wanted.items() if not fields)
    valued = sorted(item for item, fields in wanted.items() if fields)
    in_force = [Record.subject_id.in_(list(owner)), Record.status == RecordStatus.APPROVED.value,
                Record.repaired_on.is_(None)]
    columns = (Record.id, Record.subject_id, Record.item_id, Record.decided_on, Record.first_received_at,
               Record.severity)
    rows = session.execute(select(*columns).where(Record.item_id.in_(plain), *in_force)) if plain else []
    facts: dict[int, list[Fact]] = {sid: [] for sid in registered}
    for rid, sid, item, decided, received, severity in rows:
        day = decided or received.astimezone(CHINA).date()
        facts[owner[sid]].append(Fact(rid, item, day.toordinal(), severity, _NO_VALUES))
    if valued:
        query = (select(*columns, RecordVersion.values)
                 .join(RecordVersion, and_(RecordVersion.record_id == Record.id,
                                           RecordVersion.version == Record.approved_version))
                 .where(Record.item_id.in_(valued), *in_force))
        for rid, sid, item, decided, received, severity, values in session.execute(query):
            day = decided or received.astimezone(CHINA).date()
            kept = {f: values.get(f) for f in wanted[item]}
            facts[owner[sid]].append(Fact(rid, item, day.toordinal(), severity, kept))
    return [SubjectFacts(sid, registered[sid].toordinal() if registered[sid] else None,
                         tuple(sorted(facts[sid], key=lambda f: f.record_id))) for sid in ids if sid in registered]
