"""Runs store every grade with its explanation; a changed record re-grades its subject through the
event journal; history is kept; the grade shows only where the catalog scope allows."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.evaluation.records import BING, JIA, YI, penalties, penalty, risk_class, serious
from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account, issue_token
from xinyong.catalog import load_catalog
from xinyong.catalog.catalog import DATA
from xinyong.evaluation.compare import compare_models
from xinyong.evaluation.engine import explained_total
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.models import EvaluationRun, Grade
from xinyong.evaluation.runs import evaluate, regrade_changed
from xinyong.events.models import Event
from xinyong.platform import Platform
from xinyong.records.models import Record
from xinyong.subjects.models import Subject
from xinyong.web.app import create_app

OFFICIAL = get_models().get("gz2023")


def grades(platform: Platform, code: str) -> list[Grade]:
    with platform.db.session() as session:
        return list(session.scalars(select(Grade).join(Subject, Subject.id == Grade.subject_id)
                                    .where(Subject.code == code, Grade.model_id == OFFICIAL.id).order_by(Grade.id)))


@pytest.fixture
def city(platform: Platform, tmp_path: Path) -> Platform:
    penalties(platform, tmp_path, [penalty("珠海市甲公司", JIA, 1, decided="2026-10-20"),
                                   penalty("珠海市丙公司", BING, 2, decided="2026-10-21")])
    risk_class(platform, YI, "珠海市乙公司", "A")
    return platform


def test_every_subject_is_graded_and_its_explanation_names_the_records(city: Platform) -> None:
    summary = evaluate(city, OFFICIAL)
    assert summary.subjects == 3 and summary.changed == 3
    assert summary.grade_counts == {"A": 1, "B": 2}
    [jia] = grades(city, JIA)
    # 75 from the bases (no registration date: no stability points), 3 off for a 一般 penalty.
    assert (jia.score, jia.grade, jia.current, jia.previous_grade) == (72, "B", True, None)
    assert explained_total(jia.explanation) == jia.score
    enforcement = jia.explanation["dimensions"][0]["indicators"][0]
    with city.db.session() as session:
        record_id = session.scalar(select(Record.id).where(Record.document_no == "珠环罚〔2026〕1号"))
    assert enforcement["evidence"] == [[record_id, -3.0]]
    again = evaluate(city, OFFICIAL)
    assert again.changed == 0 and len(grades(city, JIA)) == 1, "an unchanged result adds no history"


def test_a_changed_record_regrades_its_subject_and_history_is_kept(city: Platform, tmp_path: Path) -> None:
    evaluate(city, OFFICIAL)
    city.clock.travel(timedelta(days=1))
    penalties(city, tmp_path, [serious("珠海市甲公司", JIA, 7)], name="serious.csv")
    summary = regrade_changed(city, OFFICIAL)
    assert summary.subjects == 1 and summary.changed == 1
    first, second = grades(city, JIA)
    assert (second.score, second.grade, second.previous_grade) == (62, "C", "B")
    assert not first.current and second.current
    with city.db.session() as session:
        moved = session.scalars(select(Event.payload).where(Event.kind == "evaluation:grade:changed")).all()
    assert moved == [{"from": "B", "to": "C", "score": 62.0, "run": summary.run_id}]
    assert regrade_changed(city, OFFICIAL).subjects == 0, "the cursor moved past what was read"
    city.clock.travel(timedelta(days=1))
    penalties(city, tmp_path, [serious("珠海市甲公司", JIA, 7, status="撤销")], name="revoked.csv")
    regrade_changed(city, OFFICIAL)
    assert [(g.grade, g.current) for g in grades(city, JIA)] == [("B", False), ("C", False), ("B", True)]


def test_two_models_are_run_side_by_side_and_compared(city: Platform, tmp_path: Path) -> None:
    penalties(city, tmp_path, [serious("珠海市丙公司", BING, 9, decided="2026-11-01")], name="s.csv")
    evaluate(city, OFFICIAL)
    evaluate(city, get_models().get("gbt45255_trial"))
    with city.db.session() as session:
        result = compare_models(session, "gz2023", "gbt45255_trial")
        runs = session.scalars(select(EvaluationRun.official).order_by(EvaluationRun.id)).all()
    assert runs == [True, False]
    # 乙 (class A): 80 → A and 90 → A; 甲: 72 → B and 85 - 4 = 81 → B; 丙: 72 - 10 = 62 → C and 85 - 19 = 66 → C.
    assert result.subjects == 3 and result.same == 3
    assert (result.table["A"]["A"], result.table["B"]["B"], result.table["C"]["C"]) == (1, 1, 1)


def _token(platform: Platform, username: str, role: Role, **extra: object) -> dict[str, str]:
    with platform.db.session() as session:
        account = create_account(session, username=username, display_name=username, role=role, password="password1",
                                 now=platform.clock.now(), created_by="test", **extra)
        token, _ = issue_token(session, account, "test", platform.clock.now())
    return {"Authorization": f"Bearer {token}"}


def test_the_subject_sees_its_grade_and_history_the_public_only_where_the_catalog_allows(
        city: Platform, tmp_path: Path) -> None:
    evaluate(city, OFFICIAL)
    city.clock.travel(timedelta(days=1))
    penalties(city, tmp_path, [serious("珠海市甲公司", JIA, 7)], name="serious.csv")
    regrade_changed(city, OFFICIAL)
    client = TestClient(create_app(city))
    public = client.get(f"/api/v1/subjects/{JIA}/grade").json()
    assert public["visible"] is False and public["grade"] is None, "grades are 政务共享 in the shipped catalog"
    assert "不向社会公开" in client.get(f"/subjects/{JIA}/grade").text
    with city.db.session() as session:
        jia = session.scalar(select(Subject.id).where(Subject.code == JIA))
    own = client.get(f"/api/v1/subjects/{JIA}/grade", headers=_token(city, "jia", Role.SUBJECT, subject_id=jia)).json()
    assert own["grade"]["grade"] == "C" and [h["grade"] for h in own["history"]] == ["C", "B"]
    law = own["grade"]["dimensions"][0]
    assert [r["document_no"] for r in law["indicators"][0]["records"]] == ["珠环罚〔2026〕1号", "珠环罚〔2026〕7号"]
    assert law["indicators"][0]["rule"].startswith("扣分：administrative_penalty，轻微 0 分、一般 3 分、严重 10 分")
    department = _token(city, "swj", Role.DEPARTMENT, department_code="SWJ")
    assert client.get(f"/api/v1/subjects/{JIA}/grade", headers=department).json()["visible"] is False
    seen = client.get(f"/api/v1/subjects/{JIA}/grade", headers=department, params={"purpose": "双随机抽查"}).json()
    assert seen["grade"]["grade"] == "C" and seen["history"] == []

    folder = tmp_path / "catalog"
    shutil.copytree(DATA, folder)
    items = folder / "items" / "09_evaluation.yaml"
    items.write_text(items.read_text("utf-8").replace("disclosure: shared\n    subject_kinds: [organisation, "
                                                      "individual_business]\n    legal_basis:\n      - 《广州市",
                                                      "disclosure: public\n    subject_kinds: [organisation, "
                                                      "individual_business]\n    legal_basis:\n      - 《广州市"),
                     "utf-8")
    published = TestClient(create_app(dataclasses.replace(city, catalog=load_catalog(folder))))
    answer = published.get(f"/api/v1/subjects/{JIA}/grade").json()
    assert answer["visible"] is True and answer["grade"]["grade"] == "C" and answer["history"] == []
    page = published.get(f"/subjects/{JIA}/grade")
    assert "得分构成" in page.text and "行政执法" in page.text and "珠环罚〔2026〕7号" in page.text
    with city.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Grade)) == 4
