"""The report benchmark runs end to end at a smoke size (figures are read by people, not asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "bench" / "report_bench.py"


def test_the_report_benchmark_runs_at_smoke_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("report_bench", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.main(["5", "--runs", "1", "--database-url", f"sqlite:///{tmp_path / 'bench.db'}"])
    out = capsys.readouterr().out
    assert "subject with 5 records" in out and "p50/reference =" in out and "ours, PDF (" in out
