"""Screening a batch of subjects for a department: match, answer, store, log — in one unit of work.

A batch of up to ``screening_batch_max`` subjects is answered at once; a larger one is stored as a
job (its ID numbers sealed) that the worker runs chunk by chunk, with progress. Every chunk logs
who asked, why, on which data, and what the platform answered; each confident hit is a look at the
subject registered in the query log, so the subject sees who screened it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.db.bulk import insert_rows
from xinyong.errors import Forbidden, UserError
from xinyong.events.log import append_event
from xinyong.lists.entries import CURSOR
from xinyong.lists.models import Cursor
from xinyong.matching import MatchQuery
from xinyong.matching.ids import parse_partial_id
from xinyong.matching.names import simplify
from xinyong.platform import Platform
from xinyong.querylog.service import log_queries
from xinyong.screening.answers import AnswerWriter
from xinyong.screening.following import follow_lists
from xinyong.screening.matcher import matcher_for
from xinyong.screening.models import Clearance, Screening, ScreeningResult
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.person_ids import PersonIdVault


class SubjectQuery(BaseModel):
    """One subject as the department's system knows it: a code, or a name with what else it has."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, max_length=200, description="名称或姓名")
    code: str | None = Field(None, max_length=64, description="统一社会信用代码、组织机构代码或注册号")
    id_number: str | None = Field(None, max_length=32,
                                  description="自然人身份证号码，可部分隐藏，如 3208191960****6833")
    kind: Literal["organisation", "individual_business", "person"] | None = Field(None, description="主体类型")
    region: str | None = Field(None, max_length=50, description="地区：行政区划代码或地名")
    legal_rep: str | None = Field(None, max_length=50, description="法定代表人（负责人）姓名")
    exclude: list[str] = Field(default_factory=list, max_length=20,
                               description="本部门已核实为非同一主体的主体代码，本次排除")


def query_key(query: SubjectQuery) -> str:
    """What makes two queries "the same" for a cleared hit: the simplified name and the ID as shown."""
    return f"{simplify(query.name or '')}|{(query.id_number or '').replace(' ', '')}"[:250]


def shown_query(query: SubjectQuery, platform: Platform) -> dict[str, Any]:
    """The query as it is stored and shown: a person's ID number never more than masked."""
    shown = query.model_dump(exclude_none=True, exclude={"exclude"})
    if query.id_number:
        try:
            shown["id_number"] = parse_partial_id(query.id_number, platform.clock.today()).shown()
        except UserError:
            shown["id_number"] = "（号码无效）"
    return shown


def require_department(viewer: Viewer) -> str:
    if viewer.audience is not Audience.DEPARTMENT or not viewer.department_code:
        raise Forbidden("联合奖惩核查由部门账号发起（信用办可查看核查记录）")
    return viewer.department_code


def match_queries(session: Session, platform: Platform, department: str,
                   queries: Sequence[SubjectQuery]) -> list[MatchQuery]:
    vault = PersonIdVault(platform.keys)
    keys = {query_key(q) for q in queries if q.name}
    cleared: dict[str, set[int]] = {}
    for key, subject_id in session.execute(select(Clearance.query_key, Clearance.subject_id).where(
            Clearance.department_code == department, Clearance.query_key.in_(sorted(keys)))):
        cleared.setdefault(key, set()).add(subject_id)
    out, problems = [], []
    for number, q in enumerate(queries, 1):
        exclude = set(cleared.get(query_key(q), ())) if q.name else set()
        for code in q.exclude:
            subject = find_subject(session, vault, code)
            if subject is None:
                problems.append(f"第 {number} 个主体：排除的主体“{code}”不存在")
            else:
                exclude.add(subject.id)
        out.append(MatchQuery(name=q.name, code=q.code, id_number=q.id_number, kind=q.kind, region=q.region,
                              legal_rep=q.legal_rep, exclude=frozenset(exclude)))
    if problems:
        raise UserError("；".join(problems[:20]), code="bad_screening")
    return out


def data_version(session: Session, platform: Platform) -> str:
    cursor = session.get(Cursor, CURSOR)
    edition = platform.measures.edition_on(platform.clock.today())
    return (f"名单 {platform.lists.version}；措施清单 {edition.id}；目录 {platform.catalog.version}；"
            f"名单条目同步至事件 {cursor.last_event_id if cursor else 0}")


def check_request(platform: Platform, scenario: str, matter: str, count: int, limit: int) -> None:
    platform.measures.scenario(scenario)
    if not matter.strip():
        raise UserError("请说明办理事项（matter），例如“2026年第3批政府采购供应商资格审查”", code="matter_missing")
    if count == 0:
        raise UserError("请至少给出一个主体（subjects）", code="no_subjects")
    if count > limit:
        raise UserError(f"一次最多核查 {limit} 个主体，本次 {count} 个", code="too_many_subjects")


def screen_chunk(session: Session, platform: Platform, screening: Screening, viewer: Viewer,
                 queries: Sequence[SubjectQuery], first_position: int, at: datetime) -> None:
    """Answer ``queries`` (positions from ``first_position``), store and log the answers."""
    today = at.date()
    prepared = match_queries(session, platform, screening.department_code, queries)
    results = matcher_for(platform, session).match_many(prepared, today)
    writer = AnswerWriter(session, platform.catalog, platform.lists, platform.measures, screening.scenario, today)
    rows, looks = [], []
    for offset, (query, (outcome, subject_ids, measure_ids, answer)) in enumerate(
            zip(queries, writer.answers(prepared, results), strict=True)):
        position = first_position + offset
        rows.append({"screening_id": screening.id, "position": position, "query": shown_query(query, platform),
                     "outcome": outcome.value, "subject_ids": subject_ids, "measure_ids": measure_ids,
                     "answer": answer})
        looks += [(subject_id, {"screening": screening.id, "position": position, "outcome": outcome.value})
                  for subject_id in subject_ids]
    # A thousand answers and their looks go in as two bulk inserts, not thousands of ORM objects.
    session.flush()
    insert_rows(session.connection(), ScreeningResult.__table__, rows)
    scenario = platform.measures.scenario(screening.scenario).name
    log_queries(session, viewer, looks, purpose=f"联合奖惩核查（{scenario}）：{screening.matter}", action="screening",
                via="api", at=at)
    screening.done += len(rows)
    screening.with_measures += sum(1 for r in rows if r["measure_ids"])


def finish(session: Session, platform: Platform, screening: Screening, at: datetime) -> None:
    """Close the screening: its feedback deadline, and one event that fixes what was answered."""
    screening.status, screening.finished_at = "done", at
    if screening.with_measures:
        screening.feedback_due_on = platform.calendar.add_workdays(
            at.date(), platform.settings.screening_feedback_workdays)
    digest = hashlib.sha256()
    outcomes: Counter[str] = Counter()
    for position, outcome, answer in session.execute(
            select(ScreeningResult.position, ScreeningResult.outcome, ScreeningResult.answer)
            .where(ScreeningResult.screening_id == screening.id).order_by(ScreeningResult.position)):
        digest.update(orjson.dumps([position, answer], option=orjson.OPT_SORT_KEYS))
        outcomes[outcome] += 1
    append_event(session, at=at, kind="screening:screening:answered", actor=screening.actor,
                 object_ref=f"screening:{screening.id}",
                 payload={"department": screening.department_code, "scenario": screening.scenario,
                          "matter": screening.matter, "data_version": screening.data_version,
                          "total": screening.total, "outcomes": dict(outcomes), "answers_sha256": digest.hexdigest()})


def screen(platform: Platform, viewer: Viewer, scenario: str, matter: str,
           queries: Sequence[SubjectQuery]) -> int:
    """Screen a batch at once; returns the screening's id."""
    department = require_department(viewer)
    check_request(platform, scenario, matter, len(queries), platform.settings.screening_batch_max)
    follow_lists(platform)
    at = platform.clock.now()
    with platform.db.session() as session:
        screening = Screening(department_code=department, actor=viewer.actor, scenario=scenario,
                              matter=matter.strip(), data_version=data_version(session, platform), status="running",
                              total=len(queries), created_at=at)
        session.add(screening)
        session.flush()
        screen_chunk(session, platform, screening, viewer, queries, 1, at)
        finish(session, platform, screening, at)
        return screening.id
