"""The loaded catalog and its lookups (what every other domain asks)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from xinyong.catalog.loader import (
    CatalogInvalid,
    Problems,
    parse_categories,
    parse_code_table,
    parse_department,
    parse_history,
    parse_item,
    parse_publicity,
    parse_severity,
    read_yaml,
)
from xinyong.catalog.model import (
    CatalogVersion,
    Category,
    CodeTable,
    Department,
    Field,
    Item,
    Severity,
)
from xinyong.catalog.rules import PublicityRegime, PublicityRule, SeverityRule
from xinyong.catalog.validate import check_code_tables, check_departments, check_items, check_no_overlap
from xinyong.errors import NotFound, UserError

DATA = Path(__file__).parent / "data"
_SEVERITY_WORDS = {"轻微": Severity.MINOR, "一般": Severity.GENERAL, "严重": Severity.SERIOUS}


class Catalog:
    """Items, fields, code tables, departments and dated rules, validated and indexed."""

    def __init__(self, *, version: str, effective_from: date, history: list[CatalogVersion],
                 labels: dict[str, dict[str, str]], categories: list[Category], items: list[Item],
                 code_tables: list[CodeTable], departments: list[Department], city: dict[str, str],
                 publicity: dict[str, list[PublicityRegime]],
                 severity: dict[str, list[SeverityRule]]) -> None:
        self.version = version
        self.effective_from = effective_from
        self.history = history
        self.labels = labels
        self.city = city
        self._categories = {c.code: c for c in categories}
        self._items = {i.id: i for i in items}
        self._tables = {t.id: t for t in code_tables}
        self._departments = {d.code: d for d in departments}
        self._publicity = publicity
        self._severity = severity

    def version_on(self, day: date) -> CatalogVersion:
        """The catalog version in force on ``day``."""
        in_force = [v for v in self.history if v.effective_from <= day]
        if not in_force:
            raise NotFound(f"{day.isoformat()} 时信用信息目录尚未生效（最早版本 {self.history[0].version} "
                           f"自 {self.history[0].effective_from.isoformat()} 起）")
        return in_force[-1]

    def category(self, code: str) -> Category:
        if code not in self._categories:
            raise NotFound(f"目录中没有类别 {code}")
        return self._categories[code]

    def categories(self) -> list[Category]:
        return list(self._categories.values())

    def item(self, item_id: str) -> Item:
        if item_id not in self._items:
            raise NotFound(f"信用信息目录中没有信息项“{item_id}”，未纳入目录的信息不得归集"
                           f"（可用 xinyong catalog items 查看目录）")
        return self._items[item_id]

    def items(self, on: date | None = None) -> list[Item]:
        """Every item, or those in force on ``on``."""
        return [i for i in self._items.values()
                if on is None or i.effective_from is None or i.effective_from <= on]

    def field(self, item_id: str, code: str) -> Field:
        return self.item(item_id).field(code)

    def code_table(self, table_id: str) -> CodeTable:
        if table_id not in self._tables:
            raise NotFound(f"目录中没有代码表 {table_id}")
        return self._tables[table_id]

    def code_tables(self) -> list[CodeTable]:
        return list(self._tables.values())

    def department(self, code: str) -> Department:
        if code not in self._departments:
            raise NotFound(f"没有代码为“{code}”的部门（可用 xinyong departments 查看部门）")
        return self._departments[code]

    def departments(self) -> list[Department]:
        return list(self._departments.values())

    def departments_supplying(self, item_id: str) -> list[Department]:
        self.item(item_id)
        return [d for d in self._departments.values() if item_id in d.items]

    def check_supplies(self, department_code: str, item_id: str) -> tuple[Department, Item]:
        """The department and the item, or a ``UserError`` when the department does not supply it."""
        department, item = self.department(department_code), self.item(item_id)
        if item_id not in department.items:
            raise UserError(f"{department.name}（{department.code}）不报送“{item.name}”（{item.id}），"
                            f"目录中该部门报送的信息项为：{'、'.join(department.items) or '无'}",
                            code="item_not_supplied")
        return department, item

    def severity_of(self, word: str | Severity) -> Severity:
        if isinstance(word, Severity):
            return word
        if word in _SEVERITY_WORDS:
            return _SEVERITY_WORDS[word]
        try:
            return Severity(word)
        except ValueError:
            raise UserError(f"严重程度“{word}”未知，应为 轻微、一般 或 严重") from None

    def publicity_rule(self, item_id: str, severity: str | Severity, on: date) -> PublicityRule:
        """The publicity and repair periods of a record of ``item_id`` decided on ``on``."""
        item, level = self.item(item_id), self.severity_of(severity)
        if not item.publicity:
            raise NotFound(f"信息项“{item.name}”没有公示期限规则")
        for regime in self._publicity[item.publicity]:
            if regime.in_force(on):
                for rule in regime.rules:
                    if rule.severity is level:
                        return rule
                raise NotFound(f"{regime.basis} 没有规定“{item.name}”{level.value} 情形的公示期限")
        raise NotFound(f"{on.isoformat()} 时没有适用于“{item.name}”的公示期限规则")

    def publicity_regimes(self, item_id: str) -> list[PublicityRegime]:
        """Every publicity regime of the item, oldest first (empty when it has none)."""
        item = self.item(item_id)
        regimes = self._publicity.get(item.publicity or "", [])
        return sorted(regimes, key=lambda r: r.effective_from or date.min)

    def severity_rule(self, item_id: str, on: date) -> SeverityRule:
        item = self.item(item_id)
        for rule in self._severity.get(item.severity_rules or "", []):
            if rule.in_force(on):
                return rule
        raise NotFound(f"{on.isoformat()} 时没有适用于“{item.name}”的严重程度规则")

    def classify(self, item_id: str, on: date, *, categories: list[str] | None = None,
                 fine: Decimal | None = None, party: str = "organisation") -> tuple[Severity, str]:
        """A record's severity (轻微/一般/严重) and why: fixed for lists, derived for penalties.

        ``party`` is ``person`` (自然人 and 个体工商户, 行政处罚法's 公民) or ``organisation``.
        """
        item = self.item(item_id)
        if item.severity:
            return item.severity, f"“{item.name}”均属{item.severity.value}情形"
        return self.severity_rule(item_id, on).classify(categories or [], fine, party)


def _attach_legacy(items: list[Item], document: dict[str, Any], problems: Problems) -> list[Item]:
    legacy = document.get("items") or {}
    known = {i.id for i in items}
    for item_id in legacy:
        if item_id not in known:
            problems.add(f"v1.0 映射针对的信息项 {item_id} 不在目录中")
    attached = []
    for item in items:
        mapping = legacy.get(item.id) or {}
        values = {k: {str(a): str(b) for a, b in v.items()} for k, v in (mapping.get("values") or {}).items()}
        attached.append(dataclasses.replace(item, legacy_columns=dict(mapping.get("columns") or {}),
                                            legacy_values=values))
    return attached


def load_catalog(folder: Path = DATA) -> Catalog:
    """Read and validate every file under ``folder``; raise ``CatalogInvalid`` listing all problems."""
    problems = Problems()
    problems.where = "catalog.yaml"
    head = read_yaml(folder / "catalog.yaml", problems)
    history = parse_history(head.get("history") or [], problems)
    versions = {v.version: v for v in history}
    if head and str(head.get("version")) not in versions:
        problems.add(f"当前版本 {head.get('version')!r} 不在 history 中")

    def document(path: Path) -> dict[str, Any]:
        problems.where = str(path.relative_to(folder))
        body = read_yaml(path, problems)
        known = versions.get(str(body.get("version")))
        if body and known is None:
            problems.add(f"版本 {body.get('version')!r} 不在 catalog.yaml 的 history 中")
        elif body and body.get("effective_from") != known.effective_from:
            problems.add(f"版本 {known.version} 的生效日期应为 {known.effective_from}，而不是 "
                         f"{body.get('effective_from')}")
        return body

    items = []
    for path in sorted((folder / "items").glob("*.yaml")):
        body = document(path)
        known = versions.get(str(body.get("version")))
        effective = known.effective_from if known else None
        items += [i for i in (parse_item(r, str(body.get("version")), effective, problems)
                              for r in body.get("items") or []) if i]
    tables = [t for t in (parse_code_table(r, problems)
                          for r in document(folder / "code_tables.yaml").get("tables") or []) if t]
    items = _attach_legacy(items, document(folder / "legacy_v1.yaml"), problems)
    publicity_doc, severity_doc = document(folder / "publicity.yaml"), document(folder / "severity.yaml")
    publicity = {name: parse_publicity(name, body, problems)
                 for name, body in (publicity_doc.get("rulesets") or {}).items()}
    severity = {name: parse_severity(name, body, problems)
                for name, body in (severity_doc.get("rules") or {}).items()}
    departments_doc = document(folder / "departments.yaml")
    departments = [parse_department(r) for r in departments_doc.get("departments") or []]

    categories = parse_categories(head.get("categories") or [])
    problems.where = "code_tables.yaml"
    check_code_tables(tables, problems)
    problems.where = "items"
    check_items(items, categories, {t.id: t for t in tables}, set(publicity), set(severity), problems)
    problems.where = "departments.yaml"
    check_departments(departments, {i.id for i in items}, problems)
    problems.where = "publicity.yaml"
    for name, regimes in publicity.items():
        check_no_overlap(f"公示规则 {name}", list(regimes), problems)
    problems.where = "severity.yaml"
    for name, rules in severity.items():
        check_no_overlap(f"严重程度规则 {name}", list(rules), problems)
    if problems.found:
        raise CatalogInvalid(problems.found)
    return Catalog(
        version=str(head["version"]), effective_from=versions[str(head["version"])].effective_from,
        history=history,
        labels={k: dict(head.get(k) or {}) for k in ("classes", "disclosures", "frequencies")},
        categories=categories, items=items, code_tables=tables, departments=departments,
        city=dict(departments_doc.get("city") or {}), publicity=publicity, severity=severity,
    )


@lru_cache(maxsize=1)
def get_catalog() -> Catalog:
    """The platform's catalog, loaded and validated once per process."""
    return load_catalog()
