"""``xinyong screen``: a department screens a file and gets CSV or JSON lines back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.screening.conftest import FIRMS, City, court_listing
from xinyong.cli.main import app
from xinyong.settings import get_settings


@pytest.fixture
def runner(city: City, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("XINYONG_DATABASE_URL", city.platform.settings.database_url)
    monkeypatch.setenv("XINYONG_SECRET_DIR", str(city.platform.settings.secret_dir))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_a_csv_file_in_gbk_is_screened_and_answered_as_csv_and_json_lines(city: City, runner: CliRunner,
                                                                          tmp_path: Path) -> None:
    huaxin = FIRMS["huaxin"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(huaxin.name, huaxin.code))
    source = tmp_path / "供应商.csv"
    source.write_text(f"名称,代码\n,{huaxin.code}\n{FIRMS['supplier'].name},\n", encoding="gbk")
    result = runner.invoke(app, ["screen", str(source), "--scenario", "government_procurement",
                                 "--department", "CZJ", "--matter", "第5批采购资格审查"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:4] == ["序号", "查询名称", "查询代码", "结论"]
    assert rows[1][3:6] == ["适用措施", huaxin.name, huaxin.code] and "procurement_exclusion" in rows[1][8]
    assert rows[2][3] == "无适用措施"
    out = tmp_path / "结果.jsonl"
    assert runner.invoke(app, ["screen", str(source), "--scenario", "licensing", "--department", "czj",
                               "--out", str(out)]).exit_code == 0
    answers = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [a["outcome"] for a in answers] == ["measures", "no_measure"]


def test_a_file_with_unknown_columns_is_refused_naming_them(city: City, runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("名称,电话\n甲公司,123\n", encoding="utf-8")
    result = runner.invoke(app, ["screen", str(source), "--scenario", "licensing", "--department", "CZJ"])
    assert result.exit_code != 0 and "电话" in str(result.exception)
