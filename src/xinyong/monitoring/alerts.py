"""Early warning (监测预警): a subject that drops two grades, a district or sector whose 失信率
jumps, a department that stops submitting. Rules and thresholds are data (``data/alerts.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.catalog.rules import Dated
from xinyong.clock import CHINA
from xinyong.collection.models import Batch
from xinyong.errors import NotFound
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.model import GRADE_ORDER
from xinyong.evaluation.models import Grade
from xinyong.events import append_event
from xinyong.identifiers import division_name
from xinyong.monitoring.figures import dishonesty_rates
from xinyong.monitoring.models import Alert
from xinyong.monitoring.periods import days, month_of, months_back, shift
from xinyong.platform import Platform
from xinyong.subjects.industries import section_label
from xinyong.subjects.models import Subject

RULES = Path(__file__).parent / "data" / "alerts.yaml"
KIND_LABELS = {"grade_drop": "信用等级大幅下降", "rate_jump": "失信率突增", "silent_department": "部门停报"}


@dataclass(frozen=True)
class AlertRules(Dated):
    grade_drop: dict[str, Any]
    rate_jump: dict[str, Any]
    silent_department: dict[str, Any]


@lru_cache(maxsize=1)
def _regimes() -> tuple[AlertRules, ...]:
    document = yaml.safe_load(RULES.read_text("utf-8"))
    return tuple(AlertRules(str(r["basis"]), r["effective_from"], r.get("effective_to"), r["grade_drop"],
                            r["rate_jump"], r["silent_department"]) for r in document["regimes"])


def rules_on(day: date) -> AlertRules:
    for regime in _regimes():
        if regime.in_force(day):
            return regime
    raise NotFound(f"{day.isoformat()} 没有生效的预警规则")


@dataclass
class Finding:
    kind: str
    key: str
    message: str
    detail: dict[str, Any] = field(default_factory=dict)
    subject_id: int | None = None
    department_code: str | None = None


def grade_drops(session: Session, model_id: str, rule: dict[str, Any], now: datetime) -> list[Finding]:
    rank = {g: i for i, g in enumerate(GRADE_ORDER)}
    found = []
    for sid, name, code, before, after, score, as_of in session.execute(
            select(Grade.subject_id, Subject.name, Subject.code, Grade.previous_grade, Grade.grade, Grade.score,
                   Grade.as_of).join(Subject, Subject.id == Grade.subject_id)
            .where(Grade.model_id == model_id, Grade.current.is_(True), Grade.previous_grade.is_not(None),
                   Grade.evaluated_at >= now - timedelta(days=rule["within_days"]))):
        if rank[after] - rank[before] >= rule["grades"]:
            found.append(Finding("grade_drop", f"{sid}:{before}>{after}:{as_of.isoformat()}",
                                 f"{name}（{code}）信用等级由 {before} 降至 {after}（{score:g} 分）",
                                 {"from": before, "to": after, "score": score, "as_of": as_of.isoformat()}, sid))
    return found


def _label(by: str, key: str | None) -> str:
    if by == "region":
        return (division_name(key) or key) if key else "未知地区"
    return section_label(key)


def rate_jumps(session: Session, catalog: Catalog, month: str, rule: dict[str, Any]) -> list[Finding]:
    found = []
    history_months = months_back(shift(month, -1), rule["baseline_months"])
    for by in ("region", "industry"):
        now = dishonesty_rates(session, catalog, month, by)
        history = [dishonesty_rates(session, catalog, m, by) for m in history_months]
        for key, (bad, total) in now.items():
            if total < rule["min_subjects"]:
                continue
            rate = bad / total
            before = [h[key][0] / h[key][1] for h in history if key in h and h[key][1]]
            baseline = sum(before) / len(before) if before else 0.0
            if rate >= baseline * rule["factor"] and rate - baseline >= rule["min_points"]:
                where = ("地区" if by == "region" else "行业") + f"“{_label(by, key)}”"
                found.append(Finding("rate_jump", f"{by}:{key}:{month}",
                                     f"{where} {month} 失信率 {rate:.2%}（{bad}/{total}），"
                                     f"此前 {len(history_months)} 个月平均 {baseline:.2%}",
                                     {"by": by, "key": key, "month": month, "rate": rate, "baseline": baseline,
                                      "dishonest": bad, "subjects": total}))
    return found


def silent_departments(session: Session, catalog: Catalog, today: date, rule: dict[str, Any]) -> list[Finding]:
    quiet_since = datetime.combine(today - timedelta(days=rule["silent_days"]), time(), CHINA)
    months = months_back(shift(month_of(quiet_since.date()), -1), rule["history_months"])
    active: dict[str, set[str]] = {}
    first, _ = days(months[0])
    start = datetime.combine(first, time(), CHINA)
    for code, received in session.execute(select(Batch.department_code, Batch.received_at)
                                          .where(Batch.received_at >= start)):
        active.setdefault(code, set()).add(month_of(received.astimezone(CHINA).date()))
    last = dict(session.execute(select(Batch.department_code, func.max(Batch.received_at))
                                .group_by(Batch.department_code)).all())
    found = []
    for code, seen in sorted(active.items()):
        if set(months) <= seen and last[code] < quiet_since:
            name = catalog.department(code).name
            latest = last[code].astimezone(CHINA).date()
            found.append(Finding("silent_department", f"{code}:{latest.isoformat()}",
                                 f"{name} 自 {latest.isoformat()} 起已 {(today - latest).days} 天未报送数据"
                                 f"（此前 {len(months)} 个月每月都有报送）",
                                 {"last_batch": latest.isoformat(), "months": months}, department_code=code))
    return found


def raise_alerts(platform: Platform, month: str | None = None) -> list[Alert]:
    """Check every rule and store what is new (a finding already raised is not raised again)."""
    today, now = platform.clock.today(), platform.clock.now()
    month = month or month_of(today)
    rules = rules_on(today)
    model = get_models().official_on(today)
    with platform.db.session() as session:
        findings = (grade_drops(session, model.id, rules.grade_drop, now)
                    + rate_jumps(session, platform.catalog, month, rules.rate_jump)
                    + silent_departments(session, platform.catalog, today, rules.silent_department))
        known = {(kind, key) for kind, key in session.execute(select(Alert.kind, Alert.key))}
        fresh = [Alert(kind=f.kind, key=f.key, subject_id=f.subject_id, department_code=f.department_code,
                       message=f.message, detail=f.detail, raised_at=now, status="open")
                 for f in findings if (f.kind, f.key) not in known]
        session.add_all(fresh)
        for alert in fresh:
            append_event(session, at=now, kind=f"monitoring:alert:{alert.kind}", actor="platform:monitoring",
                         subject_id=alert.subject_id, object_ref=alert.key, payload={"message": alert.message})
        return fresh


def open_alerts(session: Session, limit: int = 100) -> list[Alert]:
    return list(session.scalars(select(Alert).where(Alert.status == "open")
                                .order_by(Alert.raised_at.desc(), Alert.id.desc()).limit(limit)))
