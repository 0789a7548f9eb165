"""Reading ``measures.yaml``, refusing any measure whose lists, scenarios or departments do not exist."""

from __future__ import annotations

from datetime import date
from typing import Any

from xinyong.catalog.catalog import Catalog
from xinyong.catalog.loader import Problems, parse_date
from xinyong.catalog.rules import overlapping
from xinyong.errors import UserError
from xinyong.lists.loader import parse_basis, parse_confidence
from xinyong.lists.model import ListKind
from xinyong.lists.registry import ListCatalog
from xinyong.sanctions.model import Edition, Effect, Measure, MeasureClass, Role, Scenario

_SUBJECT_KINDS = {"organisation", "individual_business", "person"}


class MeasuresInvalid(UserError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("措施清单数据有误：\n- " + "\n- ".join(problems), code="measures_invalid")
        self.problems = problems


def parse_scenarios(raw: list[dict[str, Any]], problems: Problems) -> list[Scenario]:
    scenarios = []
    for entry in raw or []:
        if not entry.get("code") or not entry.get("name"):
            problems.add(f"应用场景缺少 code 或 name：{entry}")
            continue
        scenarios.append(Scenario(str(entry["code"]), str(entry["name"]), str(entry.get("note", ""))))
    return scenarios


def parse_editions(raw: list[dict[str, Any]], problems: Problems) -> list[Edition]:
    editions = []
    for entry in raw or []:
        what = f"版本 {entry.get('id')}"
        if not entry.get("id") or not entry.get("name"):
            problems.add(f"措施清单版本缺少 id 或 name：{entry}")
            continue
        editions.append(Edition(
            basis=str(entry.get("based_on", "")), id=str(entry["id"]), name=str(entry["name"]),
            based_on=str(entry.get("based_on", "")),
            effective_from=parse_date(entry.get("effective_from"), f"{what} 的 effective_from", problems),
            effective_to=parse_date(entry.get("effective_to"), f"{what} 的 effective_to", problems),
            confidence=parse_confidence(entry.get("confidence"), what, problems),
        ))
    return sorted(editions, key=lambda e: e.effective_from or date.min)


def _targets(raw: Any, what: str, lists: ListCatalog, problems: Problems) -> frozenset[str]:
    if not isinstance(raw, dict) or not (raw.get("lists") or raw.get("kinds")):
        problems.add(f"{what} 没有惩戒或激励对象（targets: {{lists: [...]}} 或 {{kinds: [...]}}）")
        return frozenset()
    found = set()
    for list_id in raw.get("lists") or []:
        if list_id in lists:
            found.add(str(list_id))
        else:
            problems.add(f"{what} 的对象名单 {list_id} 不存在（名单见 lists.yaml）")
    for kind in raw.get("kinds") or []:
        try:
            found.update(c.id for c in lists.of_kind(ListKind(kind)))
        except ValueError:
            problems.add(f"{what} 的对象名单类型 {kind!r} 未知（可用：{'、'.join(k.value for k in ListKind)}）")
    return frozenset(found)


def _enum(kind: type, value: Any, what: str, problems: Problems) -> Any:
    try:
        return kind(str(value))
    except ValueError:
        problems.add(f"{what} 的取值 {value!r} 无效（可用：{'、'.join(v.value for v in kind)}）")
        return None


def parse_measure(raw: dict[str, Any], lists: ListCatalog, problems: Problems) -> Measure | None:
    measure_id = raw.get("id")
    if not measure_id or not raw.get("content"):
        problems.add(f"有措施缺少 id 或 content：{ {k: raw.get(k) for k in ('id', 'content')} }")
        return None
    what = f"措施 {measure_id}"
    measure_class = _enum(MeasureClass, raw.get("class"), f"{what} 的 class", problems)
    effect = _enum(Effect, raw.get("effect"), f"{what} 的 effect", problems)
    roles = [_enum(Role, r, f"{what} 的 applies_to", problems) for r in raw.get("applies_to") or ["subject"]]
    basis = [b for n, r in enumerate(raw.get("legal_basis") or [], 1)
             if (b := parse_basis(r, f"{what} 第 {n} 个法律依据", problems))]
    if not basis:
        problems.add(f"{what} 没有法律依据：未经公布、没有依据的措施不得实施")
    if None in (measure_class, effect, *roles):
        return None
    return Measure(
        id=str(measure_id), measure_class=measure_class, effect=effect,
        content=" ".join(str(raw["content"]).split()), legal_basis=tuple(basis),
        departments=tuple(str(d) for d in raw.get("departments") or ()),
        implementers=str(raw.get("implementers", "")), targets=_targets(raw.get("targets"), what, lists, problems),
        scenarios=frozenset(str(s) for s in raw.get("scenarios") or ()), applies_to=frozenset(roles),
        subject_kinds=frozenset(str(k) for k in raw.get("subject_kinds") or ()),
        editions=tuple(str(e) for e in raw.get("editions") or ()),
        confidence=parse_confidence(raw.get("confidence"), what, problems), note=str(raw.get("note", "")),
    )


def check_measures(measures: list[Measure], scenarios: list[Scenario], editions: list[Edition],
                   lists: ListCatalog, catalog: Catalog, problems: Problems) -> None:
    """Every reference resolves, effects agree with classes and lists, nothing is said twice."""
    scenario_codes, edition_ids = {s.code for s in scenarios}, {e.id for e in editions}
    departments = {d.code for d in catalog.departments()}
    if len(scenario_codes) != len(scenarios):
        problems.add("应用场景代码有重复")
    if pair := overlapping(editions):
        problems.add(f"措施清单版本 {pair[0].id} 与 {pair[1].id} 的生效期重叠")
    seen: set[str] = set()
    for measure in measures:
        what = f"措施 {measure.id}"
        if measure.id in seen:
            problems.add(f"{what} 定义了两次")
        seen.add(measure.id)
        if unknown := sorted(measure.scenarios - scenario_codes):
            problems.add(f"{what} 的应用场景 {'、'.join(unknown)} 不存在")
        if not measure.scenarios:
            problems.add(f"{what} 没有应用场景")
        if unknown := sorted(set(measure.editions) - edition_ids) or ([] if measure.editions else ["（无）"]):
            problems.add(f"{what} 所属版本 {'、'.join(unknown)} 不存在")
        if unknown := sorted(set(measure.departments) - departments):
            problems.add(f"{what} 的实施部门 {'、'.join(unknown)} 不在 departments.yaml 中")
        if not measure.departments and not measure.implementers:
            problems.add(f"{what} 没有实施部门或实施单位")
        if unknown := sorted(measure.subject_kinds - _SUBJECT_KINDS):
            problems.add(f"{what} 的主体类型 {'、'.join(unknown)} 未知")
        _check_effect(measure, what, lists, problems)


def _check_effect(measure: Measure, what: str, lists: ListCatalog, problems: Problems) -> None:
    rewards = measure.effect is Effect.REWARD
    if rewards != (measure.measure_class is MeasureClass.INCENTIVE):
        problems.add(f"{what}：激励措施的 class 应为 incentive，惩戒措施应为 1、2 或 3")
    targeted = [lists.get(t) for t in sorted(measure.targets)]
    if wrong := [c.id for c in targeted if (c.kind is ListKind.RED) != rewards]:
        problems.add(f"{what} 是{'激励' if rewards else '惩戒'}措施，却指向"
                     f"{'失信' if rewards else '守信'}名单 {'、'.join(wrong)}")
    if Role.RESPONSIBLE_PERSON in measure.applies_to and not any(c.names_responsible_persons for c in targeted):
        problems.add(f"{what} 适用于责任人，但所指名单均不记录法定代表人/主要负责人")
