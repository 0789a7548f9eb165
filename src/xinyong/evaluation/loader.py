"""Reading and validating the evaluation models; every problem reported at once, naming its file."""

from __future__ import annotations

import itertools
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from xinyong.catalog import Catalog, get_catalog
from xinyong.catalog.loader import Problems, read_yaml
from xinyong.catalog.model import FieldType, Severity
from xinyong.catalog.rules import Dated, overlapping
from xinyong.errors import NotFound, UserError
from xinyong.evaluation.model import (
    GRADE_ORDER,
    RULE_TYPES,
    Band,
    DecayStep,
    Dimension,
    EvaluationModel,
    GradeBand,
    Indicator,
    Points,
    Rule,
)

MODELS = Path(__file__).parent / "data" / "models"


class ModelsInvalid(UserError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("评价模型数据有误：\n- " + "\n- ".join(problems), code="models_invalid")
        self.problems = problems


def _points(raw: Any, what: str, problems: Problems) -> Points | None:
    if isinstance(raw, int | float):
        return Points(flat=float(raw))
    if isinstance(raw, dict) and isinstance(raw.get("by_severity"), dict):
        levels = raw["by_severity"]
        unknown = set(levels) - {s.value for s in Severity}
        if unknown:
            problems.add(f"{what} 的严重程度 {sorted(unknown)} 未知（可用 minor、general、serious）")
        return Points(by_severity=tuple((str(k), float(v)) for k, v in levels.items()))
    if isinstance(raw, dict) and raw.get("by_field") and isinstance(raw.get("values"), dict):
        return Points(field=str(raw["by_field"]), by_value=tuple((str(k), float(v)) for k, v in raw["values"].items()))
    problems.add(f"{what} 的 points 应为数字、{{by_severity: …}} 或 {{by_field: 字段, values: …}}")
    return None


def _rule(raw: dict[str, Any], decays: dict[str, tuple[DecayStep, ...]], what: str, problems: Problems) -> Rule | None:
    kind = raw.get("type")
    if kind not in RULE_TYPES:
        problems.add(f"{what} 的规则类型 {kind!r} 未知（可用：{'、'.join(RULE_TYPES)}）")
        return None
    decay_name = raw.get("decay")
    if decay_name is not None and decay_name not in decays:
        problems.add(f"{what} 引用了未定义的衰减 {decay_name!r}")
    bands = tuple(Band(float(b["from"]), None if b.get("to") is None else float(b["to"]), float(b["points"]))
                  for b in raw.get("bands") or [])
    rule = Rule(
        type=kind, items=tuple(str(i) for i in raw.get("items") or ()),
        points=_points(raw["points"], what, problems) if "points" in raw else None,
        decay=decays.get(decay_name or "", ()), decay_name=decay_name,
        cap=float(raw["cap"]) if raw.get("cap") is not None else None, measure=raw.get("measure"),
        within_months=raw.get("within_months"), bands=bands, field=raw.get("field"),
        scores=tuple((str(k), float(v)) for k, v in (raw.get("scores") or {}).items()),
        otherwise=float(raw.get("otherwise", 0)), note=str(raw.get("note", "")),
    )
    if kind in ("deduction", "bonus") and (rule.points is None or not rule.items):
        problems.add(f"{what}（{kind}）须给出 items 与 points")
    if kind == "range":
        if rule.measure not in ("count", "years_registered"):
            problems.add(f"{what} 的 measure 应为 count 或 years_registered")
        if rule.measure == "count" and not rule.items:
            problems.add(f"{what} 按记录数计分，须给出 items")
        edges = [(b.low, b.high) for b in bands]
        if not bands or any(h is not None and h <= lo for lo, h in edges) or any(
                a[1] != b[0] for a, b in itertools.pairwise(edges)):
            problems.add(f"{what} 的区间须首尾相接、由小到大，每个区间 from < to")
    if kind == "category" and (not rule.items or not rule.field or not rule.scores):
        problems.add(f"{what}（category）须给出 items、field 与 scores")
    if kind == "no_source" and not rule.note:
        problems.add(f"{what}（no_source）须用 note 说明为什么不计分")
    return rule


def _check_against_catalog(rule: Rule, catalog: Catalog, what: str, problems: Problems) -> None:
    for item_id in rule.items:
        try:
            item = catalog.item(item_id)
        except NotFound:
            problems.add(f"{what} 引用的信息项 {item_id} 不在信用信息目录中")
            continue
        for field in (rule.field, rule.points.field if rule.points else None):
            if field is None:
                continue
            if not item.has_field(field):
                problems.add(f"{what} 引用的字段 {field} 不是信息项 {item_id} 的字段")
            elif item.field(field).type is not FieldType.CODE and rule.type != "category":
                problems.add(f"{what} 按字段 {field} 取分，但它不是代码字段")


def _bands(raw: list[dict[str, Any]], what: str, problems: Problems) -> tuple[GradeBand, ...]:
    bands = tuple(GradeBand(str(b["grade"]), float(b["min"]), str(b.get("label", ""))) for b in raw or [])
    if bands and (any(a.min <= b.min for a, b in itertools.pairwise(bands)) or bands[-1].min != 0):
        problems.add(f"{what} 须按分数由高到低排列，最后一档从 0 分起")
    return bands


def parse_model(raw: dict[str, Any], catalog: Catalog, problems: Problems) -> EvaluationModel | None:
    if not raw.get("id") or not raw.get("name") or not isinstance(raw.get("effective_from"), date):
        problems.add("模型须有 id、name 与 effective_from（YYYY-MM-DD）")
        return None
    decays = {name: tuple(DecayStep(int(s["within_months"]), float(s["factor"])) for s in steps)
              for name, steps in (raw.get("decays") or {}).items()}
    dimensions, codes = [], set()
    for d in raw.get("dimensions") or []:
        indicators = []
        for i in d.get("indicators") or []:
            what = f"指标 {i.get('code')}（{i.get('name')}）"
            if i.get("code") in codes:
                problems.add(f"{what} 的代码重复")
            codes.add(i.get("code"))
            rule = _rule(i.get("rule") or {}, decays, what, problems)
            if rule is not None:
                _check_against_catalog(rule, catalog, what, problems)
                indicators.append(Indicator(str(i["code"]), str(i["name"]), rule))
        if float(d.get("max", 0)) < float(d.get("base", 0)):
            problems.add(f"一级指标 {d.get('name')} 的满分 {d.get('max')} 低于基础分 {d.get('base')}")
        dimensions.append(Dimension(str(d["code"]), str(d["name"]), float(d.get("base", 0)), float(d["max"]),
                                    tuple(indicators)))
    grades = _bands(raw.get("grades") or [], "grades", problems)
    if tuple(g.grade for g in grades) != GRADE_ORDER:
        problems.add(f"grades 须依次为 {'/'.join(GRADE_ORDER)}")
    if raw.get("status") not in ("official", "trial"):
        problems.add("status 须为 official（平台评价）或 trial（试行对比）")
    unknown_kinds = set(raw.get("subject_kinds") or []) - {"organisation", "individual_business", "person"}
    if unknown_kinds or not raw.get("subject_kinds"):
        problems.add(f"subject_kinds 须取自 organisation、individual_business、person：{sorted(unknown_kinds)}")
    return EvaluationModel(
        id=str(raw["id"]), name=str(raw["name"]), version=str(raw.get("version", "")), status=str(raw.get("status")),
        effective_from=raw["effective_from"], effective_to=raw.get("effective_to"),
        subject_kinds=tuple(raw.get("subject_kinds") or ()), basis=tuple(raw.get("basis") or ()),
        dimensions=tuple(dimensions), grades=grades, levels=_bands(raw.get("levels") or [], "levels", problems),
    )


class Models:
    """Every evaluation model, by id, and which one is the platform's grade on a day."""

    def __init__(self, models: list[EvaluationModel]) -> None:
        self._models = {m.id: m for m in models}

    def get(self, model_id: str) -> EvaluationModel:
        if model_id not in self._models:
            raise NotFound(f"没有评价模型“{model_id}”（可用：{'、'.join(self._models)}）")
        return self._models[model_id]

    def all(self) -> list[EvaluationModel]:
        return list(self._models.values())

    def official_on(self, day: date) -> EvaluationModel:
        for model in self._models.values():
            if model.status == "official" and model.in_force(day):
                return model
        raise NotFound(f"{day.isoformat()} 没有生效的正式评价模型")


def load_models(folder: Path = MODELS, catalog: Catalog | None = None) -> Models:
    catalog = catalog or get_catalog()
    problems, models = Problems(), []
    for path in sorted(folder.glob("*.yaml")):
        problems.where = path.name
        model = parse_model(read_yaml(path, problems), catalog, problems)
        if model is not None:
            if model.id != path.stem:
                problems.add(f"模型 id {model.id} 应与文件名 {path.stem} 一致")
            models.append(model)
    problems.where = ""
    official = [Dated(m.id, m.effective_from, m.effective_to) for m in models if m.status == "official"]
    if pair := overlapping(official):
        problems.add(f"正式评价模型 {pair[0].basis} 与 {pair[1].basis} 的生效期重叠：同一天只能有一个正式模型")
    if problems.found:
        raise ModelsInvalid(problems.found)
    return Models(models)


@lru_cache(maxsize=1)
def get_models() -> Models:
    """The shipped models, loaded and validated once per process."""
    return load_models()
