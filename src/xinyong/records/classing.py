"""A record's severity class (轻微/一般/严重) and how long it stays public, from the catalog's rules.

Both are decided by the rules in force on the record's decision date, so a penalty decided on
2026-03-31 keeps the periods of Order 58 and one decided on 2026-04-01 gets those of Order 36.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from xinyong.catalog import Catalog
from xinyong.catalog.model import Item, Severity
from xinyong.catalog.rules import PublicityRule, SeverityRule
from xinyong.errors import NotFound

_PERSON_KINDS = {"2", "3"}  # 自然人, 个体工商户: 行政处罚法's 公民 for the 简易程序 thresholds


@dataclass(frozen=True)
class Classing:
    severity: Severity | None
    reason: str
    publicity_ends_on: date | None


def _fine(value: Any) -> Decimal | None:
    if type(value) is Decimal:
        return value
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


class RecordClasser:
    """Classifies the records of one item; built once per batch, it remembers what it decided."""

    def __init__(self, catalog: Catalog, item: Item) -> None:
        self.catalog, self.item = catalog, item
        roles = [item.role(r) for r in ("penalty_categories", "fine", "subject_kind")]
        self._categories, self._fine, self._kind = (r if isinstance(r, str) else None for r in roles)
        self._regimes = catalog.publicity_regimes(item.id) if item.publicity else []
        self._severities: dict[tuple[Any, ...], tuple[Severity | None, str]] = {}
        self._rules: dict[date, SeverityRule] = {}  # the rule in force on each decision date seen
        # A batch's records share a few hundred decision dates: each class and date is worked out once.
        self._classings: dict[tuple[Severity | None, str, date], Classing] = {}

    def _severity(self, values: dict[str, Any], decided_on: date) -> tuple[Severity | None, str]:
        if not (self.item.severity or self.item.severity_rules):
            return None, ""
        categories = tuple(values.get(self._categories) or ()) if self._categories else ()
        fine = _fine(values.get(self._fine)) if self._fine else None
        party = "person" if self._kind and values.get(self._kind) in _PERSON_KINDS else "organisation"
        rule = None
        if not self.item.severity and (rule := self._rules.get(decided_on)) is None:
            try:
                rule = self._rules[decided_on] = self.catalog.severity_rule(self.item.id, decided_on)
            except NotFound as missing:
                return None, missing.message
        key = (id(rule), categories, fine, party)
        found = self._severities.get(key)
        if found is None:
            found = self._severities[key] = self.catalog.classify(
                self.item.id, decided_on, categories=list(categories), fine=fine, party=party)
        return found

    def _rule(self, severity: Severity | None, decided_on: date) -> PublicityRule | None:
        regime = next((r for r in self._regimes if r.in_force(decided_on)), None)
        if regime is None:
            return None
        return next((r for r in regime.rules if r.severity is severity),
                    regime.rules[0] if len(regime.rules) == 1 else None)

    def classify(self, values: dict[str, Any], decided_on: date | None) -> Classing:
        """Severity and the last day of publicity of a record with these cleaned values.

        ``publicity_ends_on`` is None when no period applies (public while valid), and the day
        before the decision when the record's class is not published (e.g. 轻微 under Order 36) —
        unless the item says ``publish_minor``, when the class's maximum period applies.
        """
        if decided_on is None:
            return Classing(None, "无决定日期，无法判断严重程度与公示期限", None)
        severity, reason = self._severity(values, decided_on)
        key = (severity, reason, decided_on)
        found = self._classings.get(key)
        if found is None:
            found = self._classings[key] = self._classing(severity, reason, decided_on)
        return found

    def _classing(self, severity: Severity | None, reason: str, decided_on: date) -> Classing:
        rule = self._rule(severity, decided_on)
        if rule is None:
            return Classing(severity, reason, None)
        if not rule.published and not (self.item.publish_minor and rule.max_months is not None):
            return Classing(severity, reason, decided_on - timedelta(days=1))
        return Classing(severity, reason, rule.publish_until(decided_on))
