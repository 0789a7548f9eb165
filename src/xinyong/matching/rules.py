"""Loading the declared algorithms (``data/algorithms.yaml``) and refusing any that cannot work."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from xinyong.catalog.loader import Problems, parse_date, read_yaml
from xinyong.errors import UserError
from xinyong.matching import features_org, features_person  # noqa: F401  (register their features)
from xinyong.matching.features import CAPS, FEATURES

DATA = Path(__file__).parent / "data" / "algorithms.yaml"
ALGORITHMS = ("organisation", "person")


class RulesInvalid(UserError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("匹配规则有误：\n- " + "\n- ".join(problems), code="matching_rules_invalid")
        self.problems = problems


@dataclass(frozen=True)
class Weighted:
    id: str
    weight: float


@dataclass(frozen=True)
class CapRule:
    id: str
    max_score: float
    params: dict[str, float]


@dataclass(frozen=True)
class Algorithm:
    name: str
    description: str
    threshold: float
    margin: float
    features: tuple[Weighted, ...]
    qualifiers: tuple[Weighted, ...]
    caps: tuple[CapRule, ...]

    def with_threshold(self, threshold: float) -> Algorithm:
        """The same algorithm with another threshold, never one a cap would no longer keep below."""
        if not 0 < threshold <= 1:
            raise UserError(f"阈值 {threshold} 应在 0 到 1 之间", code="bad_threshold")
        for rule in self.caps:
            if threshold <= rule.max_score:
                raise UserError(f"阈值 {threshold} 不能低于或等于规则 {rule.id} 的上限 {rule.max_score}："
                                "否则常见姓名单独也会被确认", code="bad_threshold")
        return replace(self, threshold=threshold)


@dataclass(frozen=True)
class MatchRules:
    version: str
    effective_from: date | None
    candidates: int
    returned: int
    algorithms: dict[str, Algorithm]


def _number(value: Any, what: str, problems: Problems) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(f"{what} 应为数字，而不是 {value!r}")
        return 0.0
    return float(value)


def _weighted(raw: list[Any], what: str, positive: bool, problems: Problems) -> tuple[Weighted, ...]:
    declared = []
    for entry in raw or []:
        feature_id = str((entry or {}).get("id"))
        if feature_id not in FEATURES:
            problems.add(f"{what} 引用了未注册的特征 {feature_id}（可用：{'、'.join(sorted(FEATURES))}）")
            continue
        weight = _number(entry.get("weight"), f"{what} {feature_id} 的权重", problems)
        if positive and weight <= 0:
            problems.add(f"{what} {feature_id} 的权重应为正数（扣分项写在 qualifiers 中）")
        declared.append(Weighted(feature_id, weight))
    if len({d.id for d in declared}) != len(declared):
        problems.add(f"{what} 有重复的特征")
    return tuple(declared)


def _algorithm(name: str, raw: dict[str, Any], problems: Problems) -> Algorithm:
    what = f"算法 {name}"
    threshold = _number(raw.get("threshold"), f"{what} 的阈值", problems)
    if not 0 < threshold <= 1:
        problems.add(f"{what} 的阈值 {threshold} 应在 0 到 1 之间")
    margin = _number(raw.get("margin", 0), f"{what} 的 margin", problems)
    features = _weighted(raw.get("features"), f"{what} 的 features", True, problems)
    if not features:
        problems.add(f"{what} 没有任何特征")
    caps = []
    for entry in raw.get("caps") or []:
        cap_id = str(entry.get("id"))
        if cap_id not in CAPS:
            problems.add(f"{what} 引用了未注册的上限规则 {cap_id}（可用：{'、'.join(sorted(CAPS))}）")
            continue
        max_score = _number(entry.get("max_score"), f"{what} {cap_id} 的 max_score", problems)
        if max_score >= threshold:
            problems.add(f"{what} 的上限规则 {cap_id} 的 max_score {max_score} 不低于阈值 {threshold}，规则形同虚设")
        params = {k: _number(v, f"{what} {cap_id} 的 {k}", problems) for k, v in entry.items()
                  if k not in ("id", "max_score")}
        caps.append(CapRule(cap_id, max_score, params))
    return Algorithm(name=name, description=str(raw.get("description", "")), threshold=threshold, margin=margin,
                     features=features, qualifiers=_weighted(raw.get("qualifiers"), f"{what} 的 qualifiers", False,
                                                             problems), caps=tuple(caps))


def load_rules(path: Path = DATA) -> MatchRules:
    problems = Problems()
    problems.where = path.name
    document = read_yaml(path, problems)
    raw = document.get("algorithms") or {}
    if document and set(raw) != set(ALGORITHMS):
        problems.add(f"应恰好定义算法 {'、'.join(ALGORITHMS)}，而不是 {'、'.join(raw) or '无'}")
    algorithms = {name: _algorithm(name, raw[name] or {}, problems) for name in ALGORITHMS if name in raw}
    candidates = int(_number(document.get("candidates", 50), "candidates", problems))
    returned = int(_number(document.get("returned", 5), "returned", problems))
    if not 1 <= returned <= candidates:
        problems.add(f"returned {returned} 应在 1 到 candidates {candidates} 之间")
    effective_from = parse_date(document.get("effective_from"), "effective_from", problems)
    if document and (not document.get("version") or effective_from is None):
        problems.add("应写明规则的 version 和 effective_from")
    if problems.found:
        raise RulesInvalid(problems.found)
    return MatchRules(str(document["version"]), effective_from, candidates, returned, algorithms)


@lru_cache(maxsize=1)
def get_rules() -> MatchRules:
    return load_rules()
