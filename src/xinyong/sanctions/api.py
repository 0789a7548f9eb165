"""The measures list over HTTP: the scenarios (应用场景) and the published measures of the edition
in force today, so integrators ask screening with the same codes the platform applies."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from xinyong.platform import Platform
from xinyong.sanctions.model import Measure
from xinyong.web.deps import get_platform

router = APIRouter(prefix="/api/v1", tags=["措施清单 measures"])


def measure_dict(measure: Measure, classes: dict[str, str]) -> dict[str, Any]:
    return {"id": measure.id, "class": measure.measure_class.value,
            "class_label": classes.get(measure.measure_class.value, ""), "effect": measure.effect.value,
            "content": measure.content, "legal_basis": [b.cite() for b in measure.legal_basis],
            "targets": sorted(measure.targets), "scenarios": sorted(measure.scenarios),
            "applies_to": sorted(r.value for r in measure.applies_to), "departments": list(measure.departments),
            "subject_kinds": sorted(measure.subject_kinds), "editions": list(measure.editions)}


@router.get("/scenarios", summary="应用场景：联合奖惩核查与措施清单使用的场景代码")
def scenarios(platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    return {"scenarios": [{"code": s.code, "name": s.name, "note": s.note} for s in platform.measures.scenarios()]}


@router.get("/measures", summary="今日施行的措施清单版本中已公布的措施，可按应用场景筛选")
def measures(scenario: str | None = Query(None, max_length=40, description="应用场景代码，见 /api/v1/scenarios"),
             platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    published = platform.measures
    edition = published.edition_on(platform.clock.today())
    if scenario is not None:
        published.scenario(scenario)
    found = [m for m in published.measures()
             if edition.id in m.editions and (scenario is None or scenario in m.scenarios)]
    return {"edition": {"id": edition.id, "name": edition.name, "based_on": edition.based_on,
                        "effective_from": edition.effective_from.isoformat() if edition.effective_from else None},
            "scenario": scenario, "measures": [measure_dict(m, published.classes) for m in found]}
