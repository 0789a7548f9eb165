"""The workflows' rules as data (``data/workflows.yaml``), loaded and validated once at start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from xinyong.catalog import Catalog, get_catalog
from xinyong.catalog.rules import Dated, overlapping
from xinyong.errors import NotFound, UserError

RULES = Path(__file__).parent / "data" / "workflows.yaml"
T = TypeVar("T", bound=Dated)


class RulesInvalid(UserError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("异议与信用修复规则数据有误：\n- " + "\n- ".join(problems), code="workflow_rules_invalid")


@dataclass(frozen=True)
class ObjectionPeriods(Dated):
    mark_workdays: int  # 异议标注
    accept_workdays: int  # 受理或不予受理
    verify_workdays: int  # 报送部门核实


@dataclass(frozen=True)
class RepairPeriods(Dated):
    decide_workdays: int  # 认定部门作出修复决定


@dataclass(frozen=True)
class Material:
    code: str
    label: str
    required: bool


@dataclass(frozen=True)
class Family:
    code: str
    label: str
    types: tuple[str, ...]


@dataclass(frozen=True)
class WorkflowRules:
    version: str
    objection: tuple[ObjectionPeriods, ...]
    repair: tuple[RepairPeriods, ...]
    materials: tuple[Material, ...]
    commitment_department: str
    commitment_text: str
    families: tuple[Family, ...]

    def objection_periods(self, on: date) -> ObjectionPeriods:
        return _in_force(self.objection, on, "异议处理期限")

    def repair_periods(self, on: date) -> RepairPeriods:
        return _in_force(self.repair, on, "信用修复办理期限")

    def family_of(self, type_code: str) -> Family:
        for family in self.families:
            if type_code in family.types:
                return family
        raise UserError(f"承诺类型“{type_code}”不属于四类信用承诺中的任何一类")


def _in_force(rules: tuple[T, ...], on: date, what: str) -> T:
    for rule in rules:
        if rule.in_force(on):
            return rule
    raise NotFound(f"{on.isoformat()} 没有适用的{what}规则")


def _dated(raw: dict[str, Any], what: str, problems: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {"basis": str(raw.get("basis") or "")}
    if not found["basis"]:
        problems.append(f"{what} 缺少 basis（依据）")
    for key in ("effective_from", "effective_to"):
        value = raw.get(key)
        if value is not None and not isinstance(value, date):
            problems.append(f"{what} 的 {key} 应为日期（YYYY-MM-DD），而不是 {value!r}")
            value = None
        found[key] = value
    return found


def _days(raw: dict[str, Any], key: str, what: str, problems: list[str]) -> int:
    value = raw.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        problems.append(f"{what} 的 {key} 应为正整数（工作日数），而不是 {value!r}")
        return 1
    return value


def parse_rules(document: dict[str, Any], catalog: Catalog) -> WorkflowRules:
    """The rules, or ``RulesInvalid`` naming every problem at once."""
    problems: list[str] = []
    objection = tuple(
        ObjectionPeriods(**_dated(r, f"异议规则第 {n} 条", problems),
                         **{k: _days(r, k, f"异议规则第 {n} 条", problems)
                            for k in ("mark_workdays", "accept_workdays", "verify_workdays")})
        for n, r in enumerate(document.get("objection") or [], 1))
    repair = tuple(
        RepairPeriods(**_dated(r, f"修复规则第 {n} 条", problems),
                      decide_workdays=_days(r, "decide_workdays", f"修复规则第 {n} 条", problems))
        for n, r in enumerate(document.get("repair") or [], 1))
    for name, rules in (("异议规则", objection), ("修复规则", repair)):
        if not rules:
            problems.append(f"没有{name}")
        elif pair := overlapping(rules):
            problems.append(f"{name}“{pair[0].basis}”与“{pair[1].basis}”的有效期重叠")
    materials = tuple(Material(str(m.get("code")), str(m.get("label")), bool(m.get("required")))
                      for m in document.get("repair_materials") or [])
    if not any(m.required for m in materials):
        problems.append("repair_materials 至少应有一项必交材料")
    promise = document.get("repair_commitment") or {}
    department = str(promise.get("department") or "")
    try:
        catalog.check_supplies(department, "credit_commitment")
    except UserError as error:
        problems.append(f"repair_commitment.department：{error.message}")
    if not str(promise.get("text") or "").strip():
        problems.append("repair_commitment.text（信用修复承诺书文本）不能为空")
    families = tuple(Family(code, str(body.get("label")), tuple(str(t) for t in body.get("types") or ()))
                     for code, body in (document.get("commitment_families") or {}).items())
    covered = [t for f in families for t in f.types]
    known = catalog.code_table("commitment_type").codes()
    if sorted(covered) != sorted(known):
        problems.append(f"commitment_families 应恰好覆盖承诺类型代码 {sorted(known)}，实为 {sorted(covered)}")
    if {f.code for f in families} != {"approval", "proactive", "industry", "repair"}:
        problems.append("commitment_families 应为 approval、proactive、industry、repair 四类")
    if problems:
        raise RulesInvalid(problems)
    return WorkflowRules(str(document.get("version")), objection, repair, materials, department,
                         str(promise["text"]).strip(), families)


def load_rules(path: Path = RULES, catalog: Catalog | None = None) -> WorkflowRules:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise RulesInvalid([f"{path.name} 不是有效的 YAML：{error}"]) from None
    if not isinstance(document, dict):
        raise RulesInvalid([f"{path.name} 应是一个映射（键: 值）"])
    return parse_rules(document, catalog or get_catalog())


@lru_cache(maxsize=1)
def workflow_rules() -> WorkflowRules:
    """The platform's workflow rules, loaded and validated once per process."""
    return load_rules()
