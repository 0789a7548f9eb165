"""Evaluation models (评价模型) as typed, immutable data: an indicator tree, its scoring rules, grade
bands and the dates it is in force. ``loader`` reads them from ``data/models/*.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

GRADE_ORDER = ("A", "B", "C", "D")
RULE_TYPES = ("deduction", "bonus", "range", "category", "no_source")


@dataclass(frozen=True)
class DecayStep:
    within_months: int
    factor: float


@dataclass(frozen=True)
class Points:
    """Points a matching record is worth: a flat figure, by its severity, or by a code field's value."""

    flat: float | None = None
    by_severity: tuple[tuple[str, float], ...] = ()
    field: str | None = None
    by_value: tuple[tuple[str, float], ...] = ()

    def describe(self) -> str:
        if self.flat is not None:
            return f"每条 {self.flat:g} 分"
        if self.by_severity:
            words = {"minor": "轻微", "general": "一般", "serious": "严重"}
            return "、".join(f"{words.get(k, k)} {v:g} 分" for k, v in self.by_severity)
        return f"按 {self.field} 取值：" + "、".join(f"{k} {v:g} 分" for k, v in self.by_value)


@dataclass(frozen=True)
class Band:
    """A range score band: ``low`` ≤ measure < ``high`` (no upper end when ``high`` is None)."""

    low: float
    high: float | None
    points: float


@dataclass(frozen=True)
class Rule:
    type: str
    items: tuple[str, ...] = ()
    points: Points | None = None
    decay: tuple[DecayStep, ...] = ()
    decay_name: str | None = None
    cap: float | None = None
    measure: str | None = None  # range: count | years_registered
    within_months: int | None = None
    bands: tuple[Band, ...] = ()
    field: str | None = None  # category: the code field read from the latest record
    scores: tuple[tuple[str, float], ...] = ()
    otherwise: float = 0.0
    note: str = ""

    def describe(self) -> str:
        """The rule in words, for the explanation page and docs/evaluation.md."""
        items = "、".join(self.items)
        decay = ("；" + "，".join(f"{s.within_months} 个月内 ×{s.factor:g}" for s in self.decay) + "，更早不计"
                 if self.decay else "")
        cap = f"；最多 {self.cap:g} 分" if self.cap is not None else ""
        if self.type in ("deduction", "bonus") and self.points:
            verb = "扣分" if self.type == "deduction" else "加分"
            return f"{verb}：{items}，{self.points.describe()}{decay}{cap}"
        if self.type == "range":
            what = "登记年限（年）" if self.measure == "years_registered" else f"{items} 记录数"
            window = f"（近 {self.within_months} 个月）" if self.within_months else ""
            bands = "，".join(f"[{b.low:g}, {'∞' if b.high is None else f'{b.high:g}'}) {b.points:g} 分"
                             for b in self.bands)
            return f"区间分：{what}{window} {bands}"
        if self.type == "category":
            window = f"近 {self.within_months} 个月" if self.within_months else ""
            scores = "、".join(f"{k} {v:g} 分" for k, v in self.scores)
            return f"种类分：{window}最新一条 {items} 的 {self.field}：{scores}，其他 {self.otherwise:g} 分"
        return f"不计分：{self.note}"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    rule: Rule


@dataclass(frozen=True)
class Dimension:
    """A first-level indicator (一级指标): starts at ``base``, kept within 0 … ``max``."""

    code: str
    name: str
    base: float
    max: float
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class GradeBand:
    grade: str
    min: float
    label: str = ""


@dataclass(frozen=True)
class EvaluationModel:
    id: str
    name: str
    version: str
    status: str  # official | trial
    effective_from: date
    effective_to: date | None
    subject_kinds: tuple[str, ...]
    basis: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    grades: tuple[GradeBand, ...]
    levels: tuple[GradeBand, ...] = ()

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    @property
    def max_score(self) -> float:
        return sum(d.max for d in self.dimensions)

    def grade_for(self, score: float) -> str:
        return next(b.grade for b in self.grades if score >= b.min)

    def level_for(self, score: float) -> str | None:
        return next((b.grade for b in self.levels if score >= b.min), None)

    def grade_label(self, grade: str) -> str:
        return next((b.label for b in self.grades if b.grade == grade), grade)

    def indicators(self) -> list[tuple[Dimension, Indicator]]:
        return [(d, i) for d in self.dimensions for i in d.indicators]

    def fields_read(self) -> dict[str, set[str]]:
        """item → the value fields the rules read, so loading fetches nothing more."""
        wanted: dict[str, set[str]] = {}
        for _, indicator in self.indicators():
            rule = indicator.rule
            for item in rule.items:
                fields = wanted.setdefault(item, set())
                if rule.field:
                    fields.add(rule.field)
                if rule.points and rule.points.field:
                    fields.add(rule.points.field)
        return wanted
