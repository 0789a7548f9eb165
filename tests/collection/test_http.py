"""The upload and push doors, batch reports and revocation over real HTTP through the app."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.collection.penalties import penalty, write_csv
from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account, issue_token
from xinyong.platform import Platform
from xinyong.web.app import create_app


def _token(platform: Platform, username: str, role: Role, department: str | None = None) -> dict[str, str]:
    with platform.db.session() as session:
        account = create_account(session, username=username, display_name=username, role=role, password="password1",
                                 department_code=department, now=platform.clock.now(), created_by="test")
        token, _ = issue_token(session, account, "test", platform.clock.now())
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(platform: Platform) -> TestClient:
    return TestClient(create_app(platform))


def test_a_department_uploads_a_file_and_downloads_its_report(platform: Platform, client: TestClient,
                                                            tmp_path: Path) -> None:
    headers = _token(platform, "sthjj", Role.DEPARTMENT, "STHJJ")
    path = write_csv(tmp_path / "十月处罚.csv", [
        penalty("甲公司", "91350100M000100Y43", 1), penalty("乙公司", "91110108551385082Q", 2, fine="两万元")])
    with path.open("rb") as handle:
        answer = client.post("/api/v1/collection/administrative_penalty/files", headers=headers,
                             files={"file": ("十月处罚.csv", handle, "text/csv")})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["stored"], body["rejected"], body["reasons"]) == (1, 1, {"bad_amount": 1})
    report = client.get(body["report_csv"], headers=headers)
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0][0] == "原文件行号" and rows[0][1] == "行政相对人名称" and rows[1][0] == "3"
    assert "罚款金额" in rows[1][-1] and "两万元" in rows[1]
    workbook = load_workbook(io.BytesIO(client.get(body["report_xlsx"], headers=headers).content))
    assert workbook.sheetnames == ["汇总", "退回明细"]
    assert workbook["退回明细"]["A2"].value == 3


def test_a_token_cannot_act_for_another_department(platform: Platform, client: TestClient) -> None:
    headers = _token(platform, "sthjj", Role.DEPARTMENT, "STHJJ")
    answer = client.post("/api/v1/collection/administrative_penalty/records?department=SWJ", headers=headers,
                         json={"records": []})
    assert answer.status_code == 403 and "STHJJ" in answer.json()["message"]
    assert client.post("/api/v1/collection/administrative_penalty/records", json={}).status_code == 401
    bad = client.post("/api/v1/collection/administrative_penalty/records",
                      headers={"Authorization": "Bearer xy_nope"}, json={})
    assert bad.status_code == 401


def test_an_item_the_department_does_not_supply_is_refused(platform: Platform, client: TestClient) -> None:
    headers = _token(platform, "zyfy", Role.DEPARTMENT, "ZYFY")
    answer = client.post("/api/v1/collection/administrative_penalty/records", headers=headers, json=[{}])
    assert answer.status_code == 400 and "行政处罚" in answer.json()["message"]


def test_push_then_revoke_through_the_api(platform: Platform, client: TestClient) -> None:
    headers = _token(platform, "sthjj", Role.DEPARTMENT, "STHJJ")
    record = {"行政相对人名称": "甲公司", "统一社会信用代码": "91350100M000100Y43", "法定代表人": "张伟",
              "行政处罚决定书文号": "珠环罚〔2026〕1号", "违法行为类型": "超标排放", "违法事实": "经查……",
              "处罚依据": "《大气污染防治法》第九十九条", "处罚类别": "罚款", "处罚内容": "罚款2万元",
              "罚款金额（万元）": "2", "处罚决定日期": "2026-10-20", "处罚机关": "珠海市生态环境局",
              "处罚机关统一社会信用代码": "11440400081945785C", "数据来源单位": "珠海市生态环境局",
              "数据来源单位统一社会信用代码": "11440400081945785C", "当前状态": "有效"}
    pushed = client.post("/api/v1/collection/administrative_penalty/records", headers=headers, json=record)
    assert pushed.json()["stored"] == 1
    other = _token(platform, "swj", Role.DEPARTMENT, "SWJ")
    assert client.post("/api/v1/records/1/revoke", headers=other, json={"reason": "误报"}).status_code == 403
    revoked = client.post("/api/v1/records/1/revoke", headers=headers, json={"reason": "行政复议撤销原决定"})
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    again = client.post("/api/v1/records/1/revoke", headers=headers, json={"reason": "再撤销"})
    assert again.status_code == 409


def test_the_office_reviews_an_update(platform: Platform, client: TestClient, tmp_path: Path) -> None:
    department = _token(platform, "sthjj", Role.DEPARTMENT, "STHJJ")
    office = _token(platform, "office", Role.OFFICE)
    for fine, name in (("2", "a.csv"), ("3", "b.csv")):
        with write_csv(tmp_path / name, [penalty("甲公司", "91350100M000100Y43", 1, fine=fine)]).open("rb") as f:
            client.post("/api/v1/collection/administrative_penalty/files", headers=department,
                        files={"file": (name, f, "text/csv")})
    assert client.get("/api/v1/review/queue", headers=department).status_code == 403
    queue = client.get("/api/v1/review/queue", headers=office).json()["versions"]
    assert len(queue) == 1 and queue[0]["diff"]["CF_NR_FK"] == ["2", "3"]
    decided = client.post(f"/api/v1/review/{queue[0]['version_id']}/approve", headers=office, json={"note": "核实无误"})
    assert decided.json()["approved_version"] == 2
