"""The dashboard, the indicators with their formulas, and the monthly PDF with Chinese text."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.collection.penalties import penalty, write_csv
from tests.evaluation.records import JIA, PENALTY
from xinyong.accounts.models import Account, Role
from xinyong.accounts.service import create_account
from xinyong.accounts.viewer import Viewer, viewer_for
from xinyong.clock import CHINA
from xinyong.collection.pipeline import ingest_file
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.runs import evaluate
from xinyong.monitoring.indicators import city_indicators
from xinyong.monitoring.report import report_pdf
from xinyong.platform import Platform
from xinyong.records.models import Record
from xinyong.web.app import create_app
from xinyong.workflows.objections import ObjectionInput, accept_objection, decide_objection, submit_objection


def viewer_for_username(platform: Platform, username: str) -> Viewer:
    with platform.db.session() as session:
        return viewer_for(session.scalars(select(Account).where(Account.username == username)).one())


DOC = (Path(__file__).parents[2] / "docs" / "monitoring.md").read_text("utf-8")


@pytest.fixture
def october(platform: Platform, tmp_path: Path) -> Platform:
    """Three 双公示 records with a deadline in October, one late; one row rejected."""
    platform.clock.set(datetime(2026, 10, 10, 10, 0, tzinfo=CHINA))
    ingest_file(platform, write_csv(tmp_path / "a.csv", [penalty("甲公司", JIA, 1, decided="2026-09-21")]), PENALTY)
    platform.clock.set(datetime(2026, 10, 12, 10, 0, tzinfo=CHINA))
    ingest_file(platform, write_csv(tmp_path / "b.csv", [
        penalty("乙公司", "91110108551385082Q", 2, decided="2026-09-28"),
        penalty("丙公司", "91310230MA1K314J7C", 3, decided="2026-09-29"),
        penalty("丁公司", "91340600MA2PBM9HXD", 4, decided="2026-10-09", fine="十万")]), PENALTY)
    platform.clock.set(datetime(2026, 11, 23, 9, 30, tzinfo=CHINA))
    evaluate(platform, get_models().get("gz2023"))
    return platform


def test_indicators_follow_their_formulas_and_say_when_data_is_missing(october: Platform) -> None:
    with october.db.session() as session:
        found = {i.code: i for i in city_indicators(session, october, "2026-10")}
    assert (found["sgs_timeliness"].numerator, found["sgs_timeliness"].denominator) == (2, 3)
    assert found["sgs_timeliness"].shown == "66.67%"
    assert found["sgs_compliance"].value == 0.75
    assert found["grading_coverage"].value == 1.0 and found["grading_coverage"].denominator == 3
    assert (found["dishonesty_rate"].numerator, found["dishonesty_rate"].denominator) == (0, 3)
    with october.db.session() as session:
        september = {i.code: i for i in city_indicators(session, october, "2026-09")}
    assert september["dishonesty_rate"].value == 1.0, "all three penalties were decided in September"
    # No repair was decided in October (no median); no objection was received among three new records.
    assert found["repair_efficiency"].shown == "暂无数据" and found["objection_share"].shown == "0.00%"
    assert found["commitments"].shown == "0 条"


def test_every_indicator_is_documented_with_its_formula(october: Platform) -> None:
    with october.db.session() as session:
        codes = [i.code for i in city_indicators(session, october, "2026-10")]
    documented = re.findall(r"^\| `([a-z_]+)` \| .+ \| .+ \|$", DOC.split("## City monitoring indicators")[1], re.M)
    assert documented == codes


def test_the_dashboard_is_for_the_credit_office_and_shows_turnaround_only_from_real_cases(october: Platform) -> None:
    with october.db.session() as session:
        for username, role, department in (("office", Role.OFFICE, None), ("sthjj", Role.DEPARTMENT, "STHJJ")):
            create_account(session, username=username, display_name=username, role=role, password="password1",
                           department_code=department, now=october.clock.now(), created_by="test")
    client = TestClient(create_app(october))
    assert client.get("/monitoring", follow_redirects=False).status_code == 303

    def sign_in(username: str) -> None:
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"username": username, "password": "password1", "csrf": csrf})

    sign_in("sthjj")
    assert client.get("/monitoring").status_code == 403
    client.post("/logout", data={"csrf": re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)})
    sign_in("office")
    page = client.get("/monitoring", params={"month": "2026-10"})
    assert page.status_code == 200 and page.text.count("<svg") >= 5
    assert "珠海市生态环境局" in page.text and "66.67%" in page.text
    turnaround_panel = page.text.split('id="panel-turnaround"')[1].split("</section>")[0]
    assert "<td>异议处理</td><td>0</td><td>—</td>" in turnaround_panel, "no case closed: no invented figure"

    # A real objection, answered through the workflows, shows on the panel for its month.
    office = viewer_for_username(october, "office")
    department = viewer_for_username(october, "sthjj")
    with october.db.session() as session:
        record_id = session.scalar(select(Record.id).where(Record.document_no == "珠环罚〔2026〕2号"))
    october.clock.set(datetime(2026, 10, 13, 9, 0, tzinfo=CHINA))
    objection = submit_objection(october, office, ObjectionInput(
        record_id, "罚款金额有误", {}, [], objector_name="乙公司", agent_note="窗口受理，凭授权委托书"))
    accept_objection(october, office, objection.id)
    october.clock.set(datetime(2026, 10, 20, 9, 0, tzinfo=CHINA))
    decide_objection(october, department, objection.id, outcome="upheld", note="经核实原决定无误")
    october.clock.set(datetime(2026, 11, 23, 9, 30, tzinfo=CHINA))
    page = client.get("/monitoring", params={"month": "2026-10"}).text
    panel = page.split('id="panel-turnaround"')[1].split("</section>")[0]
    assert "<td>异议处理</td><td>1</td>" in panel and "100.00%" in panel


def test_the_monthly_report_is_a_pdf_with_chinese_text(october: Platform, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(october, "2026-10"))
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for words in ("珠海市信用状况月度分析报告", "统计月份：2026-10", "各部门月度归集量", "信用等级分布",
                  "珠海市生态环境局", "双公示上报及时率", "66.67%"):
        assert words in text, words
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts.replace(" ", "").replace("-", "")
