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
from xinyong.errors import NotFound

_PERSON_KINDS = {"2", "3"}  # 自然人, 个体工商户: 行政处罚法's 公民 for the 简易程序 thresholds


@dataclass(frozen=True)
class Classing:
    severity: Severity | None
    reason: str
    publicity_ends_on: date | None


def _fine(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _party(item: Item, values: dict[str, Any]) -> str:
    kind_field = item.role("subject_kind")
    kind = values.get(kind_field) if isinstance(kind_field, str) else None
    return "person" if kind in _PERSON_KINDS else "organisation"


def classify_record(catalog: Catalog, item: Item, values: dict[str, Any], decided_on: date | None) -> Classing:
    """Severity and the last day of publicity of a record with these cleaned values.

    ``publicity_ends_on`` is None when no period applies (public while valid), and the day before
    the decision when the record's class is never published (e.g. 轻微 under Order 36).
    """
    if decided_on is None:
        return Classing(None, "无决定日期，无法判断严重程度与公示期限", None)
    severity, reason = None, ""
    if item.severity or item.severity_rules:
        categories_field, fine_field = item.role("penalty_categories"), item.role("fine")
        categories = values.get(categories_field) if isinstance(categories_field, str) else None
        fine = _fine(values.get(fine_field)) if isinstance(fine_field, str) else None
        try:
            severity, reason = catalog.classify(item.id, decided_on, categories=list(categories or ()),
                                                fine=fine, party=_party(item, values))
        except NotFound as missing:
            reason = missing.message
    if not item.publicity:
        return Classing(severity, reason, None)
    regimes = [r for r in catalog.publicity_regimes(item.id) if r.in_force(decided_on)]
    rules = regimes[0].rules if regimes else ()
    rule = next((r for r in rules if r.severity is severity), rules[0] if len(rules) == 1 else None)
    if rule is None:
        return Classing(severity, reason, None)
    if not rule.published:
        return Classing(severity, reason, decided_on - timedelta(days=1))
    return Classing(severity, reason, rule.publish_until(decided_on))
