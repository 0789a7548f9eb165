"""A subject's grade as one viewer may see it: the grade, each indicator's contribution, the records
behind it (only those the viewer may see), and — for the subject itself and the credit office — the
grade history. Whether the grade shows at all is the catalog scope of ``public_credit_evaluation``,
asked of the one disclosure policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import PUBLIC, Audience, Viewer
from xinyong.disclosure import DisclosurePolicy
from xinyong.disclosure.viewing import find_visible_subject
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.model import EvaluationModel
from xinyong.evaluation.models import Grade
from xinyong.platform import Platform
from xinyong.querylog.service import log_query, require_purpose
from xinyong.records.models import Record
from xinyong.subjects.describe import public_ref, shown_code
from xinyong.subjects.models import Subject

ITEM = "public_credit_evaluation"


@dataclass
class GradeView:
    subject: Subject
    model: EvaluationModel
    visible: bool
    may_see_more: bool
    grade: Grade | None = None
    dimensions: list[dict[str, Any]] = field(default_factory=list)
    hidden_records: int = 0
    history: list[Grade] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        grade = self.grade
        return {
            "subject": {"name": self.subject.name, "code": shown_code(self.subject), "ref": public_ref(self.subject)},
            "model": {"id": self.model.id, "name": self.model.name, "version": self.model.version},
            "visible": self.visible,
            "grade": None if grade is None else {
                "grade": grade.grade, "label": self.model.grade_label(grade.grade), "level": grade.level,
                "score": grade.score, "max_score": self.model.max_score, "as_of": grade.as_of.isoformat(),
                "dimensions": self.dimensions, "hidden_records": self.hidden_records},
            "history": [{"grade": g.grade, "score": g.score, "level": g.level, "previous_grade": g.previous_grade,
                         "as_of": g.as_of.isoformat(), "evaluated_at": g.evaluated_at.isoformat()}
                        for g in self.history],
        }


def _evidence(session: Session, platform: Platform, policy: DisclosurePolicy, viewer: Viewer,
              model: EvaluationModel, explanation: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """The explanation with each record the viewer may see described, and how many they may not."""
    ids = {e[0] for d in explanation["dimensions"] for i in d["indicators"] for e in i["evidence"]}
    records = {r.id: r for r in session.scalars(select(Record).where(Record.id.in_(ids)))} if ids else {}
    today, catalog, hidden = platform.clock.today(), platform.catalog, 0
    departments = {d.code: d.name for d in catalog.departments()}
    rules = {indicator.code: indicator.rule.describe() for _, indicator in model.indicators()}
    dimensions = []
    for dimension in explanation["dimensions"]:
        indicators = []
        for indicator in dimension["indicators"]:
            shown = []
            for record_id, points in indicator["evidence"]:
                record = records.get(record_id)
                if record is None or not policy.sees(viewer, record, today).visible:
                    hidden += 1
                    continue
                shown.append({"record_id": record.id, "item": catalog.item(record.item_id).name,
                              "document_no": record.document_no,
                              "decided_on": record.decided_on.isoformat() if record.decided_on else None,
                              "department": departments.get(record.department_code, record.department_code),
                              "points": points})
            indicators.append({**{k: indicator[k] for k in ("code", "name", "points", "detail")},
                               "rule": rules.get(indicator["code"], ""), "records": shown})
        dimensions.append({**{k: dimension[k] for k in ("code", "name", "base", "max", "adjustment", "score")},
                           "indicators": indicators})
    return dimensions, hidden


def view_grade(session: Session, platform: Platform, viewer: Viewer, ref: str, *, purpose: str | None,
               via: str) -> GradeView:
    subject = find_visible_subject(session, platform, viewer, ref)
    policy = DisclosurePolicy(platform.catalog)
    model = get_models().official_on(platform.clock.today())
    as_viewer = viewer
    if policy.beyond_public(viewer, subject.id):
        if purpose and purpose.strip():
            log_query(session, viewer, subject_id=subject.id, purpose=require_purpose(viewer, purpose),
                      action="grade:view", via=via, at=platform.clock.now())
        else:
            as_viewer = PUBLIC
    may_see_more = as_viewer is PUBLIC and policy.beyond_public(viewer, subject.id)
    view = GradeView(subject, model, policy.sees_item(as_viewer, ITEM, subject.id), may_see_more)
    if not view.visible:
        return view
    rows = list(session.scalars(select(Grade).where(Grade.model_id == model.id, Grade.subject_id == subject.id)
                                .order_by(Grade.evaluated_at.desc(), Grade.id.desc())))
    view.grade = next((g for g in rows if g.current), None)
    if view.grade is not None:
        view.dimensions, view.hidden_records = _evidence(session, platform, policy, as_viewer, model,
                                                         view.grade.explanation)
    own = as_viewer.audience is Audience.SUBJECT and as_viewer.subject_id == subject.id
    if own or as_viewer.audience is Audience.OFFICE:
        view.history = rows
    return view
