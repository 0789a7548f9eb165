"""Rules with effective dates: publicity periods by severity, and how severe a penalty is."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from xinyong.catalog.model import SEVERITY_LABELS, Severity


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, the day clamped to the month's end (2025-11-30 + 3 → 2026-02-28)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Dated:
    """A rule in force from ``effective_from`` to ``effective_to`` inclusive (None: open end)."""

    basis: str
    effective_from: date | None
    effective_to: date | None

    def in_force(self, on: date) -> bool:
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    def span(self) -> str:
        start = self.effective_from.isoformat() if self.effective_from else "不限"
        end = self.effective_to.isoformat() if self.effective_to else "不限"
        return f"{start} 至 {end}"


def overlapping(rules: Iterable[Dated]) -> tuple[Dated, Dated] | None:
    """The first two rules whose ranges share a day, if any."""
    ordered = sorted(rules, key=lambda r: r.effective_from or date.min)
    for earlier, later in pairwise(ordered):
        if earlier.effective_to is None or (later.effective_from or date.min) <= earlier.effective_to:
            return earlier, later
    return None


@dataclass(frozen=True)
class PublicityRule:
    """How long a record of one severity stays public, under one regime."""

    ruleset: str
    basis: str
    severity: Severity
    published: bool
    min_months: int | None
    max_months: int | None
    note: str = ""

    def publish_until(self, decided_on: date) -> date | None:
        """Last day of publicity (最长公示期), or None when the period is not fixed here."""
        return None if self.max_months is None else add_months(decided_on, self.max_months)

    def repair_from(self, decided_on: date) -> date | None:
        """First day repair may be asked (最短公示期届满), or None when not fixed here."""
        return None if self.min_months is None else add_months(decided_on, self.min_months)

    def describe(self) -> str:
        label = SEVERITY_LABELS[self.severity]
        if not self.published:
            return f"{label}：不公示（{self.basis}）"
        if self.min_months is None and self.max_months is None:
            return f"{label}：{self.note or '期限由认定文件规定'}（{self.basis}）"
        low = "—" if self.min_months is None else f"{self.min_months} 个月"
        high = "—" if self.max_months is None else f"{self.max_months} 个月"
        return f"{label}：最短 {low}，最长 {high}（{self.basis}）"


@dataclass(frozen=True)
class PublicityRegime(Dated):
    rules: tuple[PublicityRule, ...]


@dataclass(frozen=True)
class SeverityRule(Dated):
    """How severe an administrative penalty is, from its categories and fine (万元)."""

    minor_categories: frozenset[str]
    minor_fine_at_most: dict[str, Decimal]  # party ("person" | "organisation") → 万元
    serious_categories: frozenset[str]
    serious_fine_at_least: dict[str, Decimal]

    def classify(self, categories: Iterable[str], fine: Decimal | None, party: str) -> tuple[Severity, str]:
        """The severity and the reason, in Chinese, naming the rule that decided it."""
        found = set(categories)
        serious = sorted(found & self.serious_categories)
        if serious:
            return Severity.SERIOUS, f"处罚类别 {'、'.join(serious)} 属严重（{self.basis}）"
        if fine is not None and fine >= self.serious_fine_at_least[party]:
            return Severity.SERIOUS, f"罚款 {fine} 万元达到严重标准 {self.serious_fine_at_least[party]} 万元"
        if found and found <= self.minor_categories:
            if "03" not in found:
                return Severity.MINOR, f"仅警告、通报批评（{self.basis}）"
            if fine is not None and fine <= self.minor_fine_at_most[party]:
                return Severity.MINOR, f"罚款 {fine} 万元不超过简易程序标准（{self.basis}）"
        return Severity.GENERAL, "不属轻微或严重情形"
