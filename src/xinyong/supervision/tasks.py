"""Inspection tasks: choose the candidates in scope, weight them by grade, draw, record, publish."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from xinyong.catalog.rules import Dated
from xinyong.errors import NotFound, UserError
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.model import GRADE_ORDER
from xinyong.evaluation.models import Grade
from xinyong.events import append_event
from xinyong.platform import Platform
from xinyong.subjects.models import Subject
from xinyong.supervision.draw import Candidate, decimal, draw, publication
from xinyong.supervision.models import InspectionSelection, InspectionTask

FACTORS = Path(__file__).parent / "data" / "factors.yaml"


@dataclass(frozen=True)
class FactorRegime(Dated):
    factors: dict[str, str]
    ungraded: str


@lru_cache(maxsize=1)
def factor_regimes() -> tuple[FactorRegime, ...]:
    document = yaml.safe_load(FACTORS.read_text("utf-8"))
    regimes = []
    for raw in document["regimes"]:
        factors = {str(k): str(v) for k, v in raw["factors"].items()}
        if set(factors) != set(GRADE_ORDER):
            raise UserError(f"{FACTORS.name}：等级系数须给出 {'/'.join(GRADE_ORDER)} 四个等级")
        for grade, value in [*factors.items(), ("ungraded", str(raw["ungraded"]))]:
            decimal(value, f"{FACTORS.name} 中 {grade} 的系数")
        regimes.append(FactorRegime(str(raw["basis"]), raw["effective_from"], raw.get("effective_to"), factors,
                                    str(raw["ungraded"])))
    return tuple(regimes)


def factors_on(day: date) -> FactorRegime:
    for regime in factor_regimes():
        if regime.in_force(day):
            return regime
    raise NotFound(f"{day.isoformat()} 没有生效的分级抽查系数")


@dataclass(frozen=True)
class Scope:
    """Which subjects a task may draw: kinds, districts (区划代码) and sectors (GB/T 4754 门类)."""

    kinds: tuple[str, ...] = ("organisation", "individual_business")
    regions: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"kinds": list(self.kinds), "regions": list(self.regions), "industries": list(self.industries)}


@dataclass
class DrawResult:
    task_id: int
    candidates: int
    drawn: list[str]
    document: dict[str, Any] = field(default_factory=dict)


def candidates(session: Session, scope: Scope, model_id: str, factors: dict[str, str],
               ungraded: str) -> list[tuple[int, str | None, Candidate]]:
    """(subject id, grade, candidate) of every active subject in scope, with its current grade."""
    query = (select(Subject.id, Subject.code, Subject.name, Grade.grade)
             .outerjoin(Grade, and_(Grade.subject_id == Subject.id, Grade.model_id == model_id,
                                    Grade.current.is_(True)))
             .where(Subject.kind.in_(scope.kinds), Subject.kind != "person", Subject.status == "active",
                    Subject.canonical_id.is_(None), Subject.code_scheme == "uscc"))
    if scope.regions:
        query = query.where(Subject.region_code.in_(scope.regions))
    if scope.industries:
        query = query.where(Subject.industry.in_(scope.industries))
    return [(sid, grade, Candidate(code, name, factors[grade] if grade else ungraded))
            for sid, code, name, grade in session.execute(query.order_by(Subject.code))]


def draw_task(platform: Platform, *, department_code: str, name: str, scope: Scope, base_ratio: str,
              actor: str, seed: str | None = None, factors: dict[str, str] | None = None) -> DrawResult:
    """Create a task and draw it; the selection, the publication and an event are stored together."""
    department = platform.catalog.department(department_code)
    if not name.strip():
        raise UserError("请填写抽查任务名称")
    ratio = decimal(base_ratio, "基础抽查比例")
    if not 0 < ratio <= 1:
        raise UserError(f"基础抽查比例“{base_ratio}”应在 0 到 1 之间，例如 0.05 表示 5%")
    regime = factors_on(platform.clock.today())
    chosen = {**regime.factors, **(factors or {})}
    for grade, value in chosen.items():
        if grade not in GRADE_ORDER:
            raise UserError(f"等级“{grade}”未知，系数只能按 {'/'.join(GRADE_ORDER)} 给出")
        decimal(value, f"{grade} 级系数")
    seed = seed.strip() if seed else secrets.token_hex(16)
    model = get_models().official_on(platform.clock.today())
    now = platform.clock.now()
    with platform.db.session() as session:
        pool = candidates(session, scope, model.id, chosen, regime.ungraded)
        if not pool:
            raise UserError("抽查范围内没有符合条件的主体，请放宽地区、行业或主体类型")
        drawn = draw(seed, [c for _, _, c in pool], str(base_ratio))
        task = InspectionTask(department_code=department.code, name=name.strip(), scope=scope.as_dict(),
                              base_ratio=str(base_ratio), factors={**chosen, "未评价": regime.ungraded},
                              model_id=model.id, seed=seed, candidates_sha256="", candidates=len(pool),
                              drawn=len(drawn), drawn_at=now, actor=actor, publication={})
        session.add(task)
        session.flush()
        described = {"id": task.id, "name": task.name, "department": department.code,
                     "department_name": department.name, "scope": scope.as_dict(), "model": model.id,
                     "drawn_at": now.isoformat()}
        document = publication(described, seed, str(base_ratio), task.factors, [c for _, _, c in pool], drawn)
        task.candidates_sha256, task.publication = document["candidates_sha256"], document
        picked = set(drawn)
        session.add_all(InspectionSelection(task_id=task.id, subject_id=sid, grade=grade, weight=c.weight)
                        for sid, grade, c in pool if c.code in picked)
        append_event(session, at=now, kind="supervision:draw:made", actor=actor, object_ref=f"inspection:{task.id}",
                     payload={"seed": seed, "candidates_sha256": document["candidates_sha256"],
                              "candidates": len(pool), "drawn": drawn, "base_ratio": str(base_ratio)})
        return DrawResult(task.id, len(pool), drawn, document)


def task_publication(session: Session, task_id: int) -> dict[str, Any]:
    task = session.get(InspectionTask, task_id)
    if task is None:
        raise NotFound(f"抽查任务 {task_id} 不存在")
    return task.publication
