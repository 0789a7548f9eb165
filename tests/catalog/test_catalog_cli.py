"""Scripting against the catalog: JSON from the command line and over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from xinyong.cli.main import app
from xinyong.platform import Platform
from xinyong.web.app import create_app

runner = CliRunner()


def test_catalog_items_json_lists_items_with_fields_and_disclosure() -> None:
    result = runner.invoke(app, ["catalog", "items", "--json"])
    assert result.exit_code == 0, result.output
    items = {i["id"]: i for i in json.loads(result.stdout)}
    penalty = items["administrative_penalty"]
    assert penalty["name"] == "行政处罚信息" and penalty["category"] == "03"
    assert penalty["class"] == "dishonest" and penalty["disclosure"] == "public"
    assert penalty["disclosure_label"] == "社会公开"
    fields = {f["code"]: f for f in penalty["fields"]}
    assert fields["CF_JDRQ"]["label"] == "处罚决定日期" and fields["CF_JDRQ"]["required"]
    assert "SCJGJ" in penalty["departments"] and len(items) == 21


def test_departments_json_lists_code_name_uscc_items() -> None:
    result = runner.invoke(app, ["departments", "--json"])
    assert result.exit_code == 0, result.output
    departments = {d["code"]: d for d in json.loads(result.stdout)}
    assert departments["ZYFY"] == {
        "code": "ZYFY",
        "name": "广东省珠海市中级人民法院",
        "uscc": "1144040002094966X9",
        "items": ["court_dishonest_debtor", "court_judgment"],
    }


def test_catalog_show_prints_fields_and_the_periods_by_date() -> None:
    result = runner.invoke(app, ["catalog", "show", "administrative_penalty"], env={"COLUMNS": "240"})
    assert result.exit_code == 0, result.output
    assert "CF_CFLB" in result.stdout and "处罚类别" in result.stdout
    assert "决定日期 2026-04-01 至 不限" in result.stdout and "最短 12 个月，最长 36 个月" in result.stdout


def test_calendar_prints_coverage_and_answers_checks() -> None:
    result = runner.invoke(app, ["calendar"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and "2004–2027 年" in result.stdout and "临时安排" in result.stdout
    result = runner.invoke(app, ["calendar", "--check", "2026-10-10", "--add", "2026-09-28", "7"])
    assert "2026-10-10 是工作日（调休上班）" in result.stdout
    assert "2026-09-28 之后第 7 个工作日是 2026-10-13" in result.stdout


def test_unknown_item_and_uncovered_year_end_with_a_chinese_message_not_a_traceback() -> None:
    for args, message in (
        (["catalog", "show", "nothing"], "没有信息项“nothing”"),
        (["calendar", "--check", "2028-01-03"], "2028 年的法定节假日安排尚未收录"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", "from xinyong.cli.main import main; main()", *args],
            capture_output=True,
            text=True,
            env={"COLUMNS": "300", "PATH": ""},
            check=False,
        )
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_catalog_over_http(platform: Platform) -> None:
    client = TestClient(create_app(platform))
    items = client.get("/api/v1/catalog/items").json()
    assert {i["id"] for i in items} >= {"administrative_permit", "administrative_penalty"}
    assert (
        client.get("/api/v1/catalog/items/credit_commitment").json()["category_name"]
        == "信用承诺及其履行情况信息"
    )
    missing = client.get("/api/v1/catalog/items/nothing")
    assert missing.status_code == 404 and "未纳入目录的信息不得归集" in missing.json()["message"]
    assert len(client.get("/api/v1/departments").json()) == 27
