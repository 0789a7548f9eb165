"""Random inspection draws: reproducible from the published seed and candidates, verifiable by
anyone with a command, and drawing each grade as often as its factor says, in expectation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from xinyong.cli.main import app
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.errors import UserError
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.runs import evaluate
from xinyong.events.models import Event
from xinyong.platform import Platform
from xinyong.sample.city import CityGenerator
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry
from xinyong.supervision.draw import Candidate, draw, verify
from xinyong.supervision.models import InspectionSelection
from xinyong.supervision.tasks import Scope, draw_task

FACTORS = {"A": "0.5", "B": "1", "C": "2", "D": "4"}


def test_each_grade_is_drawn_as_often_as_its_factor_says_in_expectation() -> None:
    pool = [Candidate(f"{grade}{n:05d}", "", FACTORS[grade]) for grade in FACTORS for n in range(1000)]
    shares: dict[str, list[float]] = {g: [] for g in FACTORS}
    for seed in range(60):
        drawn = Counter(code[0] for code in draw(f"seed-{seed}", pool, "0.1"))
        for grade in FACTORS:
            shares[grade].append(drawn[grade] / 1000)
    means = {g: sum(v) / len(v) for g, v in shares.items()}
    for grade, expected in {"A": 0.05, "B": 0.1, "C": 0.2, "D": 0.4}.items():
        assert abs(means[grade] - expected) < 0.01, (grade, means[grade])
    assert draw("x", [Candidate("Z", "", "40")], "0.1") == ["Z"], "a chance above 1 is certainty"


@pytest.fixture
def graded_city(platform: Platform) -> Platform:
    entries = [s.entry for s in CityGenerator(4).generate(700) if s.category in ("enterprise", "individual_business")
               and s.clean_code and s.entry.status == "active"]
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register_many(entries)
    firms = [e for e in entries if e.kind.value == "organisation"][:80]
    ingest_records(platform, [{"企业名称": e.name, "统一社会信用代码": e.code, "信用风险分类结果": "A",
                               "分类日期": "2026-10-31"} for e in firms],
                   Submission("SCJGJ", "enterprise_risk_class", "push", "test", "推送"))
    evaluate(platform, get_models().get("gz2023"))
    return platform


def test_a_draw_is_recorded_published_and_reproduced_from_its_seed(graded_city: Platform, tmp_path: Path) -> None:
    first = draw_task(graded_city, department_code="SCJGJ", name="食品经营抽查", scope=Scope(), base_ratio="0.2",
                      actor="test", seed="2026-11-23 福彩3D 第2026311期 517")
    again = draw_task(graded_city, department_code="SCJGJ", name="复抽", scope=Scope(), base_ratio="0.2",
                      actor="test", seed="2026-11-23 福彩3D 第2026311期 517")
    assert first.drawn == again.drawn and 0 < len(first.drawn) < first.candidates
    document = first.document
    weights = Counter(c["weight"] for c in document["candidates"])
    assert set(weights) == {"0.5", "1"} and weights["0.5"] == 80, "graded A by the risk class: half the chance"
    assert verify(document).ok
    with graded_city.db.session() as session:
        assert session.query(InspectionSelection).filter_by(task_id=first.task_id).count() == len(first.drawn)
        made = session.scalars(select(Event.payload).where(Event.kind == "supervision:draw:made")).first()
    assert made["candidates_sha256"] == document["candidates_sha256"] and made["drawn"] == first.drawn

    path = tmp_path / "draw.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    runner = CliRunner()
    checked = runner.invoke(app, ["supervision", "verify", str(path)])
    assert checked.exit_code == 0 and "核验通过" in checked.stdout
    forged = {**document, "drawn": document["drawn"][1:]}
    path.write_text(json.dumps(forged, ensure_ascii=False), "utf-8")
    refused = runner.invoke(app, ["supervision", "verify", str(path)])
    assert refused.exit_code == 1 and "结果不同" in refused.stdout
    lighter = json.loads(json.dumps(document))
    lighter["candidates"][0]["weight"] = "4"
    problems = verify(lighter).problems
    assert any("摘要不符" in p for p in problems)


def test_scope_and_ratio_are_checked(graded_city: Platform) -> None:
    with pytest.raises(UserError, match="0 到 1 之间"):
        draw_task(graded_city, department_code="SCJGJ", name="x", scope=Scope(), base_ratio="5", actor="t")
    with pytest.raises(UserError, match="没有符合条件的主体"):
        draw_task(graded_city, department_code="SCJGJ", name="x", scope=Scope(industries=("T",)),
                  base_ratio="0.1", actor="t")
    narrow = draw_task(graded_city, department_code="SCJGJ", name="餐饮", scope=Scope(industries=("H",)),
                       base_ratio="1", actor="t", factors={"A": "1"})
    assert narrow.candidates == len(narrow.drawn) > 0, "ratio 1 and no factor below 1: every candidate is drawn"
    assert narrow.document["factors"]["A"] == "1"
