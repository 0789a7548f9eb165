"""Reading the catalog's YAML files into the model, refusing anything inconsistent.

Every problem found is reported at once, each naming its file and what is wrong, so that a
broken catalog stops the platform at start with one readable list instead of a traceback.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from xinyong.catalog.model import (
    CatalogVersion,
    Category,
    CodeTable,
    CodeValue,
    Collection,
    Condition,
    Department,
    Disclosure,
    Field,
    FieldGroup,
    FieldType,
    Item,
    ItemClass,
    LegacyValue,
    Severity,
)
from xinyong.catalog.rules import PublicityRegime, PublicityRule, SeverityRule
from xinyong.errors import UserError


class CatalogInvalid(UserError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("信用信息目录数据有误：\n- " + "\n- ".join(problems), code="catalog_invalid")
        self.problems = problems


class Problems:
    """Collects what is wrong, file by file."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.where = ""

    def add(self, message: str) -> None:
        self.found.append(f"{self.where}：{message}" if self.where else message)


def read_yaml(path: Path, problems: Problems) -> dict[str, Any]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"第 {mark.line + 1} 行" if mark else ""
        problems.add(f"{path.name} {line}不是有效的 YAML：{getattr(error, 'problem', error)}")
        return {}
    if not isinstance(document, dict):
        problems.add(f"{path.name} 应是一个映射（键: 值）")
        return {}
    return document


def parse_date(value: Any, what: str, problems: Problems) -> date | None:
    if value is None or isinstance(value, date):
        return value
    problems.add(f"{what} 应为日期（YYYY-MM-DD），而不是 {value!r}")
    return None


def _condition(raw: Any, what: str, problems: Problems) -> Condition | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or "field" not in raw or not raw.get("any_of"):
        problems.add(f"{what} 应写作 {{field: 字段代码, any_of: [代码, …]}}")
        return None
    return Condition(str(raw["field"]), frozenset(str(v) for v in raw["any_of"]))


def parse_field(raw: dict[str, Any], item_id: str, problems: Problems) -> Field | None:
    code = raw.get("code")
    where = f"信息项 {item_id} 的字段 {code}"
    if not code or not raw.get("label"):
        problems.add(f"信息项 {item_id} 有字段缺少 code 或 label：{raw}")
        return None
    try:
        kind = FieldType(raw.get("type", ""))
    except ValueError:
        known = "、".join(t.value for t in FieldType)
        problems.add(f"{where} 的类型 {raw.get('type')!r} 未知（可用：{known}）")
        return None
    length = raw.get("length")
    if length is not None and (not isinstance(length, int) or length <= 0):
        problems.add(f"{where} 的长度 {length!r} 应为正整数")
        length = None
    return Field(
        code=str(code), label=str(raw["label"]), type=kind, required=bool(raw.get("required", False)),
        length=length, synonyms=tuple(str(s) for s in raw.get("synonyms") or ()),
        code_table=raw.get("code_table"), multiple=bool(raw.get("multiple", False)),
        context_field=raw.get("context_field"), scheme=raw.get("scheme"),
        personal=bool(raw.get("personal", False)),
        required_when=_condition(raw.get("required_when"), f"{where} 的 required_when", problems),
        not_before=raw.get("not_before"), note=str(raw.get("note", "")),
    )


def parse_item(raw: dict[str, Any], version: str, effective_from: date | None,
               problems: Problems) -> Item | None:
    item_id = raw.get("id")
    if not item_id or not raw.get("name"):
        problems.add(f"有信息项缺少 id 或 name：{ {k: raw.get(k) for k in ('id', 'name')} }")
        return None
    try:
        item_class, disclosure = ItemClass(raw.get("class")), Disclosure(raw.get("disclosure"))
        severity = Severity(raw["severity"]) if raw.get("severity") else None
    except ValueError as error:
        problems.add(f"信息项 {item_id} 的分类、公开范围或严重程度无效：{error}")
        return None
    fields = [f for f in (parse_field(r, item_id, problems) for r in raw.get("fields") or []) if f]
    if not fields:
        problems.add(f"信息项 {item_id} 没有字段")
    groups = tuple(
        FieldGroup(str(g.get("label", "")), tuple(g.get("fields") or ()),
                   _condition(g.get("when"), f"信息项 {item_id} 的字段组条件", problems))
        for g in raw.get("groups") or []
    )
    collection = raw.get("collection") or {}
    roles = {k: tuple(v) if isinstance(v, list) else str(v) for k, v in (raw.get("roles") or {}).items()}
    return Item(
        id=str(item_id), name=str(raw["name"]), category=str(raw.get("category", "")), item_class=item_class,
        disclosure=disclosure, fields=tuple(fields), subject_kinds=tuple(raw.get("subject_kinds") or ()),
        legal_basis=tuple(raw.get("legal_basis") or ()),
        collection=Collection(str(collection.get("frequency", "")), collection.get("deadline_workdays"),
                              collection.get("deadline_from")),
        groups=groups, roles=roles, key=tuple(raw.get("key") or ()), publicity=raw.get("publicity"),
        severity=severity, severity_rules=raw.get("severity_rules"),
        publish_minor=bool(raw.get("publish_minor", False)), version=version,
        effective_from=effective_from,
    )


def parse_code_table(raw: dict[str, Any], problems: Problems) -> CodeTable | None:
    if not raw.get("id") or not raw.get("values"):
        problems.add(f"代码表缺少 id 或 values：{raw.get('id')!r}")
        return None
    values = tuple(CodeValue(str(v["code"]), str(v["label"]), tuple(str(s) for s in v.get("synonyms") or ()))
                   for v in raw["values"])
    legacy = tuple(
        LegacyValue(str(v["label"]), str(v["to"]), tuple((str(p["contains"]), str(p["code"]))
                                                           for p in v.get("pick") or ()))
        for v in raw.get("legacy") or []
    )
    return CodeTable(str(raw["id"]), str(raw.get("name", raw["id"])), values, legacy,
                     str(raw.get("basis", "")))


def parse_department(raw: dict[str, Any]) -> Department:
    return Department(str(raw.get("code", "")), str(raw.get("name", "")), str(raw.get("uscc", "")),
                      tuple(str(i) for i in raw.get("items") or ()))


def parse_categories(raw: list[dict[str, Any]]) -> list[Category]:
    return [Category(str(c["code"]), str(c["name"]), str(c.get("note", ""))) for c in raw or []]


def parse_history(raw: list[dict[str, Any]], problems: Problems) -> list[CatalogVersion]:
    history = []
    for entry in raw or []:
        effective = parse_date(entry.get("effective_from"), f"版本 {entry.get('version')} 的生效日期", problems)
        if entry.get("version") and effective:
            history.append(CatalogVersion(str(entry["version"]), effective, str(entry.get("summary", ""))))
    return sorted(history, key=lambda v: v.effective_from)


def _decimal(value: Any, what: str, problems: Problems) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        problems.add(f"{what} 的金额 {value!r} 不是数字")
        return Decimal(0)


def _dated(raw: dict[str, Any], what: str, problems: Problems) -> dict[str, Any]:
    return {
        "basis": str(raw.get("basis", "")),
        "effective_from": parse_date(raw.get("effective_from"), f"{what} 的 effective_from", problems),
        "effective_to": parse_date(raw.get("effective_to"), f"{what} 的 effective_to", problems),
    }


def parse_publicity(ruleset: str, raw: dict[str, Any], problems: Problems) -> list[PublicityRegime]:
    regimes = []
    for number, regime in enumerate(raw.get("regimes") or [], start=1):
        what = f"公示规则 {ruleset} 第 {number} 个规定"
        rules = []
        for severity, period in (regime.get("periods") or {}).items():
            try:
                level = Severity(severity)
            except ValueError:
                problems.add(f"{what} 的严重程度 {severity!r} 未知（可用：minor、general、serious）")
                continue
            low, high = period.get("min_months"), period.get("max_months")
            if low is not None and high is not None and low > high:
                problems.add(f"{what} 的{severity}最短公示期 {low} 个月长于最长公示期 {high} 个月")
            rules.append(PublicityRule(ruleset, str(regime.get("basis", "")), level,
                                       bool(period.get("published", True)), low, high,
                                       str(period.get("note", ""))))
        regimes.append(PublicityRegime(**_dated(regime, what, problems), rules=tuple(rules)))
    return regimes


def parse_severity(ruleset: str, raw: list[dict[str, Any]], problems: Problems) -> list[SeverityRule]:
    rules = []
    for number, rule in enumerate(raw or [], start=1):
        what = f"严重程度规则 {ruleset} 第 {number} 条"
        minor, serious = rule.get("minor") or {}, rule.get("serious") or {}
        rules.append(SeverityRule(
            **_dated(rule, what, problems),
            minor_categories=frozenset(str(c) for c in minor.get("only_categories") or ()),
            minor_fine_at_most={k: _decimal(v, what, problems)
                                for k, v in (minor.get("fine_at_most") or {}).items()},
            serious_categories=frozenset(str(c) for c in serious.get("any_category") or ()),
            serious_fine_at_least={k: _decimal(v, what, problems)
                                   for k, v in (serious.get("fine_at_least") or {}).items()},
        ))
        for name, table in (("fine_at_most", rules[-1].minor_fine_at_most),
                            ("fine_at_least", rules[-1].serious_fine_at_least)):
            if set(table) != {"person", "organisation"}:
                problems.add(f"{what} 的 {name} 应分别给出 person 和 organisation 的金额")
    return rules
