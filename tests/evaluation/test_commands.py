"""The commands an operator runs: evaluate (with a comparison), draw and verify, alerts and the report."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.evaluation.records import BING, JIA, YI, penalties, penalty, risk_class, serious
from xinyong.cli.main import app
from xinyong.platform import Platform
from xinyong.settings import get_settings


def said(result) -> str:
    """What a command printed, without the line breaks the terminal width put in."""
    return result.stdout.replace("\n", "")


@pytest.fixture
def cli_env(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("XINYONG_DATABASE_URL", platform.db.url)
    monkeypatch.setenv("XINYONG_SECRET_DIR", str(platform.settings.secret_dir))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_evaluate_compare_draw_verify_alerts_and_report(platform: Platform, cli_env: CliRunner,
                                                        tmp_path: Path) -> None:
    penalties(platform, tmp_path, [penalty("珠海市甲公司", JIA, 1, decided="2026-10-20"),
                                   serious("珠海市丙公司", BING, 2, decided="2026-11-02")])
    risk_class(platform, YI, "珠海市乙公司", "A")
    graded = cli_env.invoke(app, ["evaluate", "--compare", "gbt45255_trial"])
    assert graded.exit_code == 0, graded.output
    assert "评价 3 个主体" in said(graded) and "两个模型的等级对比" in said(graded)
    assert "同一等级：3 / 3" in said(graded)
    again = cli_env.invoke(app, ["evaluate", "--changed"])
    assert again.exit_code == 0 and "评价 0 个主体" in said(again)

    publication = tmp_path / "draw.json"
    drawn = cli_env.invoke(app, ["supervision", "draw", "--department", "SCJGJ", "--name", "抽查", "--ratio", "1",
                                 "--factor", "A=1", "--seed", "公开种子", "--out", str(publication)])
    assert drawn.exit_code == 0, drawn.output
    assert "候选 3 个主体，抽中 3 个" in said(drawn)
    verified = cli_env.invoke(app, ["supervision", "verify", str(publication)])
    assert verified.exit_code == 0 and "核验通过" in said(verified)
    refused = cli_env.invoke(app, ["supervision", "draw", "--department", "SCJGJ", "--name", "抽查", "--ratio", "五成"])
    assert refused.exit_code != 0

    alerts = cli_env.invoke(app, ["monitoring", "alerts"])
    assert alerts.exit_code == 0 and "新增预警" in said(alerts)
    report = tmp_path / "report.pdf"
    written = cli_env.invoke(app, ["monitoring", "report", "--month", "2026-11", "--out", str(report)])
    assert written.exit_code == 0 and report.read_bytes()[:5] == b"%PDF-"
