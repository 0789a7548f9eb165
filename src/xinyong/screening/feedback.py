"""反馈: the department says what it did with each measure the platform returned — applied, not
applied (and why), or "not the same subject", which also clears that hit for later screenings of the
same name. The credit office sees feedback rates and what is overdue, per department."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.errors import Conflict, Forbidden, NotFound, UserError
from xinyong.events.log import append_event
from xinyong.screening.models import FEEDBACK_LABELS, Clearance, Feedback, FeedbackAction, Screening, ScreeningResult
from xinyong.screening.service import SubjectQuery, query_key


class FeedbackItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    position: int = Field(ge=1, le=1_000_000, description="核查结果序号（从 1 起）")
    measure: str = Field(max_length=64, description="返回的措施编号")
    action: Literal["applied", "not_applied", "not_same_subject"] = Field(
        description="applied 已实施；not_applied 未实施（须说明理由）；not_same_subject 经核实非同一主体")
    reason: str = Field("", max_length=500, description="理由或说明")
    subject_id: int | None = Field(None, ge=1, description="多个可能主体时，指明反馈针对哪一个")


def get_screening(session: Session, viewer: Viewer, screening_id: int) -> Screening:
    screening = session.get(Screening, screening_id)
    if screening is None:
        raise NotFound(f"核查 {screening_id} 不存在")
    if viewer.audience is Audience.OFFICE:
        return screening
    if viewer.audience is not Audience.DEPARTMENT or viewer.department_code != screening.department_code:
        raise Forbidden("只有发起核查的部门和信用办可以查看该核查")
    return screening


def give_feedback(session: Session, viewer: Viewer, screening_id: int, items: list[FeedbackItem],
                  at: datetime) -> list[Feedback]:
    """Record every item or none: one bad item refuses the whole submission, naming it."""
    screening = get_screening(session, viewer, screening_id)
    if viewer.audience is not Audience.DEPARTMENT:
        raise Forbidden("反馈由发起核查的部门填报")
    if screening.status != "done":
        raise Conflict(f"核查 {screening_id} 尚未完成，不能反馈")
    positions = sorted({i.position for i in items})
    results = {r.position: r for r in session.scalars(select(ScreeningResult).where(
        ScreeningResult.screening_id == screening_id, ScreeningResult.position.in_(positions)))}
    problems, saved = [], []
    for number, item in enumerate(items, 1):
        result = results.get(item.position)
        problem = _check(item, result)
        if problem:
            problems.append(f"第 {number} 条（结果 {item.position}，措施 {item.measure}）：{problem}")
            continue
        assert result is not None
        subject_id = item.subject_id or (result.subject_ids[0] if result.subject_ids else None)
        feedback = session.scalar(select(Feedback).where(Feedback.result_id == result.id,
                                                         Feedback.measure_id == item.measure))
        if feedback is None:
            feedback = Feedback(result_id=result.id, screening_id=screening_id, measure_id=item.measure)
            session.add(feedback)
        feedback.subject_id, feedback.action, feedback.reason = subject_id, item.action, item.reason.strip()
        feedback.actor, feedback.at = viewer.actor, at
        if item.action == FeedbackAction.NOT_SAME_SUBJECT.value and subject_id is not None:
            _clear(session, screening.department_code, result, subject_id, item.reason.strip(), viewer.actor, at)
        saved.append(feedback)
    if problems:
        raise UserError("；".join(problems[:20]), code="bad_feedback")
    append_event(session, at=at, kind="screening:feedback:given", actor=viewer.actor,
                 object_ref=f"screening:{screening_id}",
                 payload={"items": [{"position": i.position, "measure": i.measure, "action": i.action} for i in items]})
    return saved


def _check(item: FeedbackItem, result: ScreeningResult | None) -> str | None:
    if result is None:
        return "核查结果中没有这一序号"
    if item.measure not in result.measure_ids:
        returned = "、".join(result.measure_ids) or "无（本项未返回措施）"
        return f"该结果未返回此措施（返回的措施：{returned}）"
    if item.subject_id is not None and item.subject_id not in result.subject_ids:
        return "指明的主体不是该结果匹配到的主体"
    if len(result.subject_ids) > 1 and item.subject_id is None:
        return "该结果匹配到多个可能主体，请用 subject_id 指明反馈针对哪一个"
    if item.action == FeedbackAction.NOT_APPLIED.value and len(item.reason.strip()) < 2:
        return "未实施须说明理由（reason）"
    return None


def _clear(session: Session, department: str, result: ScreeningResult, subject_id: int, reason: str, actor: str,
           at: datetime) -> None:
    key = query_key(SubjectQuery(**{k: v for k, v in result.query.items() if k in SubjectQuery.model_fields}))
    if not result.query.get("name") or session.scalar(select(Clearance.id).where(
            Clearance.department_code == department, Clearance.query_key == key, Clearance.subject_id == subject_id)):
        return
    session.add(Clearance(department_code=department, query_key=key, subject_id=subject_id,
                          reason=reason or FEEDBACK_LABELS[FeedbackAction.NOT_SAME_SUBJECT], actor=actor, at=at))


@dataclass
class DepartmentFeedback:
    department_code: str
    screenings: int = 0
    subjects: int = 0
    returned: int = 0  # measures returned, one per result and measure
    answered: int = 0
    overdue: int = 0

    @property
    def rate(self) -> float | None:
        return self.answered / self.returned if self.returned else None

    def as_dict(self) -> dict[str, Any]:
        return {"department": self.department_code, "screenings": self.screenings, "subjects": self.subjects,
                "measures_returned": self.returned, "feedback_given": self.answered, "overdue": self.overdue,
                "feedback_rate": round(self.rate, 4) if self.rate is not None else None}


def feedback_overview(session: Session, today: date, department: str | None = None) -> list[DepartmentFeedback]:
    """Per department: screenings, measures returned, feedback given, and returned measures past the
    deadline (``feedback_due_on``) without feedback."""
    rows: dict[str, DepartmentFeedback] = defaultdict(lambda: DepartmentFeedback(""))
    query = select(Screening.id, Screening.department_code, Screening.total, Screening.feedback_due_on).where(
        Screening.status == "done")
    if department:
        query = query.where(Screening.department_code == department)
    due: dict[int, tuple[str, date | None]] = {}
    for sid, code, total, due_on in session.execute(query):
        row = rows[code]
        row.department_code, row.screenings, row.subjects = code, row.screenings + 1, row.subjects + total
        due[sid] = (code, due_on)
    answered = {(r, m) for r, m in session.execute(select(Feedback.result_id, Feedback.measure_id))}
    for rid, sid, measure_ids in session.execute(
            select(ScreeningResult.id, ScreeningResult.screening_id, ScreeningResult.measure_ids)
            .join(Screening, Screening.id == ScreeningResult.screening_id)
            .where(Screening.status == "done", Screening.with_measures > 0)):
        if sid not in due:
            continue
        code, due_on = due[sid]
        for measure in measure_ids:
            rows[code].returned += 1
            if (rid, measure) in answered:
                rows[code].answered += 1
            elif due_on is not None and due_on < today:
                rows[code].overdue += 1
    return sorted(rows.values(), key=lambda r: (-r.overdue, r.department_code))
