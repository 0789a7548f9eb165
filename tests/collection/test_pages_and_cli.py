"""Departments and the office use collection through pages and the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.collection.penalties import penalty, write_csv
from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account
from xinyong.cli.main import app
from xinyong.clock import Clock
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.platform import Platform
from xinyong.web.app import create_app


def _login(platform: Platform, username: str, role: Role, department: str | None = None) -> TestClient:
    with platform.db.session() as session:
        create_account(session, username=username, display_name=username, role=role, password="password1",
                       department_code=department, now=platform.clock.now(), created_by="test")
    client = TestClient(create_app(platform))
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": username, "password": "password1", "csrf": csrf})
    return client


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_a_department_uploads_through_the_page_and_reads_the_receipt(platform: Platform, tmp_path: Path) -> None:
    client = _login(platform, "sthjj", Role.DEPARTMENT, "STHJJ")
    home = client.get("/collection")
    assert home.status_code == 200 and "行政处罚信息" in home.text
    path = write_csv(tmp_path / "十月.csv", [penalty("甲公司", "91350100M000100Y43", 1),
                                            penalty("乙公司", "91110108551385082Q", 2, decided="昨天")])
    with path.open("rb") as handle:
        receipt = client.post("/collection/upload", data={"item": "administrative_penalty", "csrf": _csrf(home.text)},
                              files={"file": ("十月.csv", handle, "text/csv")})
    assert receipt.status_code == 200 and "报送回执" in receipt.text
    assert "bad_date" in receipt.text and "“处罚决定日期”（CF_JDRQ）" in receipt.text
    quality = client.get("/quality?month=2026-11")
    assert "珠海市生态环境局" in quality.text and "50.00%" in quality.text


def test_anonymous_visitors_are_sent_to_sign_in(platform: Platform) -> None:
    client = TestClient(create_app(platform))
    answer = client.get("/collection", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/collection"


def test_the_office_reviews_in_the_page(platform: Platform, tmp_path: Path) -> None:
    submission = Submission("STHJJ", "administrative_penalty", "cli", "t", "a.csv")
    ingest_file(platform, write_csv(tmp_path / "a.csv", [penalty("甲公司", "91350100M000100Y43", 1)]), submission)
    ingest_file(platform, write_csv(tmp_path / "b.csv", [penalty("甲公司", "91350100M000100Y43", 1, fine="5")]),
                submission)
    client = _login(platform, "office", Role.OFFICE)
    queue = client.get("/review")
    assert "罚款金额（万元）" in queue.text and ">5<" in queue.text
    version = re.search(r'action="/review/(\d+)"', queue.text).group(1)
    client.post(f"/review/{version}", data={"decision": "approve", "note": "", "csrf": _csrf(queue.text)})
    assert "没有待审核的记录" in client.get("/review").text


def test_command_line_receipt_quality_and_review(platform: Platform, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XINYONG_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("XINYONG_SECRET_DIR", str(platform.settings.secret_dir))
    from xinyong.settings import get_settings

    get_settings.cache_clear()
    runner = CliRunner()
    path = write_csv(tmp_path / "a.csv", [penalty("甲公司", "91350100M000100Y43", 1),
                                          penalty("乙公司", "91110108551385082Q", 2, fine="abc")])
    result = runner.invoke(app, ["ingest", str(path), "--department", "STHJJ", "--item", "administrative_penalty",
                                 "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["stored"], summary["rejected"]) == (1, 1)
    out = tmp_path / "receipt.xlsx"
    assert runner.invoke(app, ["collection", "report", str(summary["batch_id"]), "--out", str(out)]).exit_code == 0
    assert out.stat().st_size > 1000
    bad = runner.invoke(app, ["collection", "report", "1", "--out", str(tmp_path / "r.pdf")])
    assert bad.exit_code != 0
    month = Clock().today().strftime("%Y-%m")  # the command line received the file on the real clock
    quality = runner.invoke(app, ["collection", "quality", "--month", month])
    assert json.loads(quality.stdout.splitlines()[0])["rejected"] == 1
    get_settings.cache_clear()
