"""One disclosure policy decides what each viewer sees of a subject's archive."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from tests.collection.penalties import penalty, write_csv
from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account, issue_token
from xinyong.collection.pipeline import Submission, ingest_file, ingest_records
from xinyong.platform import Platform
from xinyong.records.models import Record
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.app import create_app

FIRM = "91350100M000100Y43"
PENALTY = Submission("STHJJ", "administrative_penalty", "cli", "test", "处罚.csv")


def _token(platform: Platform, username: str, role: Role, **extra) -> dict[str, str]:
    with platform.db.session() as session:
        account = create_account(session, username=username, display_name=f"{username}用户", role=role,
                                 password="password1", now=platform.clock.now(), created_by="test", **extra)
        token, _ = issue_token(session, account, "test", platform.clock.now())
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def city(platform: Platform, tmp_path: Path) -> TestClient:
    """A firm with a general penalty, a minor one, a revoked one and a shared risk class; a minor person fined."""
    ingest_file(platform, write_csv(tmp_path / "a.csv", [
        penalty("珠海市甲公司", FIRM, 1, decided="2026-10-20", fine="20", content="罚款20万元"),
        penalty("珠海市甲公司", FIRM, 2, decided="2026-10-21", category="警告", content="警告", fine=""),
        penalty("珠海市甲公司", FIRM, 3, decided="2026-10-22"),
        penalty("未成年人甲", "", 4, kind="自然人", id_number="440402201001011236", rep="", decided="2026-10-22"),
    ]), PENALTY)
    ingest_file(platform, write_csv(tmp_path / "b.csv", [penalty("珠海市甲公司", FIRM, 3, status="撤销")]), PENALTY)
    ingest_records(platform, {"企业名称": "珠海市甲公司", "统一社会信用代码": FIRM, "信用风险分类结果": "C",
                              "分类日期": "2026-10-31"},
                   Submission("SCJGJ", "enterprise_risk_class", "push", "test", "推送"))
    return TestClient(create_app(platform))


def _documents(answer: dict) -> set[str]:
    return {r["document_no"] or r["item"] for item in answer["items"] for r in item["records"]}


def test_the_public_sees_approved_public_records_within_their_period(platform: Platform, city: TestClient) -> None:
    answer = city.get(f"/api/v1/subjects/{FIRM}").json()
    # 警告 alone is 轻微: not published under Order 36; the revoked decision is gone; the risk class is shared only.
    assert _documents(answer) == {"珠环罚〔2026〕1号"}
    platform.clock.travel(timedelta(days=366))
    assert _documents(city.get(f"/api/v1/subjects/{FIRM}").json()) == set(), "一般 ends after at most one year"


def test_a_department_states_a_purpose_to_see_shared_items_and_the_look_is_logged(platform: Platform,
                                                                                  city: TestClient) -> None:
    department = _token(platform, "swj", Role.DEPARTMENT, department_code="SWJ")
    refused = city.get(f"/api/v1/subjects/{FIRM}", headers=department)
    assert refused.status_code == 400 and "purpose" in refused.json()["message"]
    seen = city.get(f"/api/v1/subjects/{FIRM}", headers=department, params={"purpose": "纳税信用评价复核"}).json()
    assert seen["audience"] == "department"
    assert _documents(seen) == {"珠环罚〔2026〕1号", "enterprise_risk_class"}
    with platform.db.session() as session:
        firm = find_subject(session, PersonIdVault(platform.keys), FIRM)
    own = _token(platform, "jia", Role.SUBJECT, subject_id=firm.id)
    mine = city.get(f"/api/v1/subjects/{FIRM}", headers=own).json()
    assert [(q["who"], q["purpose"]) for q in mine["queried_by"]] == [("swj用户（swj）", "纳税信用评价复核")]
    # The subject sees its whole archive: the minor penalty and the revoked one, marked.
    marks = {r["document_no"]: r["marks"] for item in mine["items"] for r in item["records"]}
    assert marks["珠环罚〔2026〕3号"] == ["已撤销"] and "珠环罚〔2026〕2号" in marks


def test_people_have_no_public_page_and_minors_records_are_never_public(platform: Platform, city: TestClient) -> None:
    with platform.db.session() as session:
        minor = find_subject(session, PersonIdVault(platform.keys), "440402201001011236")
    assert city.get(f"/api/v1/subjects/%23{minor.id}").status_code == 404
    assert city.get(f"/subjects/%23{minor.id}").status_code == 404
    office = _token(platform, "office", Role.OFFICE)
    seen = city.get(f"/api/v1/subjects/%23{minor.id}", headers=office, params={"purpose": "异议核查"}).json()
    assert seen["code"] == "4404**********1236" and _documents(seen) == {"珠环罚〔2026〕4号"}
    department = _token(platform, "sthjj", Role.DEPARTMENT, department_code="STHJJ")
    listed = city.get(f"/api/v1/subjects/%23{minor.id}", headers=department, params={"purpose": "执法"}).json()
    assert _documents(listed) == {"珠环罚〔2026〕4号"}, "departments share minors' records; the public never sees them"
    assert "440402201001011236" not in str(seen) + str(listed)


def test_a_pending_objection_is_marked_on_the_public_page(platform: Platform, city: TestClient) -> None:
    with platform.db.session() as session:
        session.execute(update(Record).where(Record.document_no == "珠环罚〔2026〕1号").values(objection_pending=True))
    page = city.get(f"/subjects/{FIRM}")
    assert page.status_code == 200 and "异议处理中" in page.text and "珠海市生态环境局" in page.text


def test_the_subject_page_asks_signed_in_departments_for_a_purpose(platform: Platform, city: TestClient) -> None:
    with platform.db.session() as session:
        create_account(session, username="scjgj", display_name="市场监管局", role=Role.DEPARTMENT,
                       password="password1", department_code="SCJGJ", now=platform.clock.now(), created_by="t")
    csrf = re.search(r'name="csrf" value="([^"]+)"', city.get("/login").text).group(1)
    city.post("/login", data={"username": "scjgj", "password": "password1", "csrf": csrf})
    page = city.get(f"/subjects/{FIRM}")
    assert "请先说明查询事由" in page.text and "企业信用风险分类" not in page.text
    page = city.get(f"/subjects/{FIRM}", params={"purpose": "双随机抽查"})
    assert "本次查询已登记" in page.text and "企业信用风险分类" in page.text


def test_the_office_audits_the_query_log_and_others_cannot(platform: Platform, city: TestClient) -> None:
    department = _token(platform, "swj", Role.DEPARTMENT, department_code="SWJ")
    city.get(f"/api/v1/subjects/{FIRM}", headers=department, params={"purpose": "纳税信用评价复核"})
    office = _token(platform, "office", Role.OFFICE)
    log = city.get("/api/v1/querylog", headers=office, params={"department": "SWJ"}).json()
    entries = [(e["who"], e["purpose"], e["via"]) for e in log["entries"]]
    assert entries == [("swj用户（swj）", "纳税信用评价复核", "api")]
    assert city.get("/api/v1/querylog", headers=department).status_code == 403
    assert city.get("/api/v1/querylog").status_code == 401
    assert city.get("/api/v1/querylog", headers=office, params={"from": "2026-13-01"}).status_code == 400
