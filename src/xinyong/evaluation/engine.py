"""Scoring one subject with one model, and saying why (评分与解释).

A subject's facts are its records as evaluation sees them (item, decision date, severity and the few
values the model reads). Every rule returns its points and the records behind them, so the
explanation adds up to the score exactly: the dimension bases, plus each indicator's points, plus
the adjustment when a dimension is held within 0 … its maximum.

Pure functions of (model, evaluation date, facts): the same inputs give the same grade in any
process, which is what lets a Dask cluster grade in parallel and get what one process gets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from xinyong.catalog.rules import add_months
from xinyong.evaluation.model import EvaluationModel, Indicator, Rule


@dataclass(frozen=True, slots=True)
class Fact:
    """One record as the evaluation reads it; ``decided`` is a date ordinal."""

    record_id: int
    item: str
    decided: int
    severity: str | None
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SubjectFacts:
    subject_id: int
    registered: int | None  # date ordinal of registration, if known
    records: tuple[Fact, ...]


@dataclass(frozen=True, slots=True)
class Grading:
    subject_id: int
    score: float
    grade: str
    level: str | None
    explanation: dict[str, Any]


Evidence = list[list[Any]]  # [[record_id, points or None], …]


class Scorer:
    """Grades subjects with one model as of one day."""

    def __init__(self, model: EvaluationModel, as_of: date) -> None:
        self.model = model
        self.as_of = as_of
        self._today = as_of.toordinal()
        months = {s.within_months for _, i in model.indicators() for s in i.rule.decay}
        months |= {i.rule.within_months for _, i in model.indicators() if i.rule.within_months}
        # A record decided after cutoff[m] was decided within the last m months.
        self._cutoff = {m: add_months(as_of, -m).toordinal() for m in months}

    def _factor(self, rule: Rule, decided: int) -> float:
        if decided > self._today:
            return 0.0
        if not rule.decay:
            return 1.0
        for step in rule.decay:
            if decided > self._cutoff[step.within_months]:
                return step.factor
        return 0.0

    def _within(self, rule: Rule, decided: int) -> bool:
        return decided <= self._today and (not rule.within_months or decided > self._cutoff[rule.within_months])

    @staticmethod
    def _worth(rule: Rule, fact: Fact) -> float:
        points = rule.points
        assert points is not None
        if points.flat is not None:
            return points.flat
        if points.by_severity:
            return dict(points.by_severity).get(fact.severity or "", 0.0)
        return dict(points.by_value).get(str(fact.values.get(points.field or "", "")), 0.0)

    def _per_record(self, rule: Rule, facts: Sequence[Fact]) -> tuple[float, str, Evidence]:
        if not facts:
            return 0.0, "0 条记录计分", []
        sign = -1.0 if rule.type == "deduction" else 1.0
        evidence, total = [], 0.0
        for fact in facts:
            points = round(self._worth(rule, fact) * self._factor(rule, fact.decided), 2)
            if points:
                evidence.append([fact.record_id, sign * points])
                total += points
        total = round(total, 2)
        detail = f"{len(evidence)} 条记录计分"
        if rule.cap is not None and total > rule.cap:
            detail += f"，合计 {total:g} 分，封顶 {rule.cap:g} 分"
            total = rule.cap
        return sign * total if total else 0.0, detail, evidence

    def _range(self, rule: Rule, facts: Sequence[Fact], registered: int | None) -> tuple[float, str, Evidence]:
        if rule.measure == "years_registered":
            if registered is None:
                return 0.0, "无成立日期，不计分", []
            value = (self._today - registered) / 365.25
            label = f"成立 {value:.1f} 年"
            evidence: Evidence = []
        else:
            counted = [f for f in facts if self._within(rule, f.decided)]
            value, label = float(len(counted)), f"{len(counted)} 条"
            evidence = [[f.record_id, None] for f in counted]
        for band in rule.bands:
            if value >= band.low and (band.high is None or value < band.high):
                return band.points, label, evidence
        return 0.0, label + "，不在任何区间", evidence

    def _category(self, rule: Rule, facts: Sequence[Fact]) -> tuple[float, str, Evidence]:
        candidates = [f for f in facts if self._within(rule, f.decided)]
        if not candidates:
            return rule.otherwise, "无相关记录", []
        latest = max(candidates, key=lambda f: (f.decided, f.record_id))
        value = str(latest.values.get(rule.field or "", ""))
        points = dict(rule.scores).get(value, rule.otherwise)
        return points, f"最新为 {value or '空'}", [[latest.record_id, points]]

    def _indicator(self, indicator: Indicator, by_item: dict[str, list[Fact]],
                   registered: int | None) -> tuple[float, str, Evidence]:
        rule = indicator.rule
        facts: Sequence[Fact] = by_item.get(rule.items[0], ()) if len(rule.items) == 1 else \
            [f for item in rule.items for f in by_item.get(item, ())]
        if rule.type in ("deduction", "bonus"):
            return self._per_record(rule, facts)
        if rule.type == "range":
            return self._range(rule, facts, registered)
        if rule.type == "category":
            return self._category(rule, facts)
        return 0.0, rule.note, []

    def score(self, subject: SubjectFacts) -> Grading:
        by_item: dict[str, list[Fact]] = {}
        for fact in subject.records:
            by_item.setdefault(fact.item, []).append(fact)
        dimensions, total = [], 0.0
        for dimension in self.model.dimensions:
            parts, raw = [], dimension.base
            for indicator in dimension.indicators:
                points, detail, evidence = self._indicator(indicator, by_item, subject.registered)
                points = round(points, 2)
                raw += points
                parts.append({"code": indicator.code, "name": indicator.name, "points": points, "detail": detail,
                              "evidence": evidence})
            raw = round(raw, 2)
            held = min(max(raw, 0.0), dimension.max)
            total += held
            dimensions.append({"code": dimension.code, "name": dimension.name, "base": dimension.base,
                               "max": dimension.max, "adjustment": round(held - raw, 2), "score": held,
                               "indicators": parts})
        score = round(total, 2)
        grade, level = self.model.grade_for(score), self.model.level_for(score)
        explanation = {"model": self.model.id, "version": self.model.version, "as_of": self.as_of.isoformat(),
                       "score": score, "grade": grade, "level": level, "dimensions": dimensions}
        return Grading(subject.subject_id, score, grade, level, explanation)


def explained_total(explanation: dict[str, Any]) -> float:
    """The score as the explanation adds it up: bases, indicator points and adjustments."""
    return round(sum(d["base"] + d["adjustment"] + sum(i["points"] for i in d["indicators"])
                     for d in explanation["dimensions"]), 2)
