"""The ledger benchmark runs end to end at a smoke size and prints its figures and ratios."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "bench" / "ledger_bench.py"


def test_the_benchmark_runs_at_smoke_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("ledger_bench", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.main(["300", "--database-url", f"sqlite:///{tmp_path / 'bench.db'}", "--seal-events", "40",
                "--seal-batch", "10", "--proofs", "20"])
    out = capsys.readouterr().out
    assert "seal path        40 in" in out and "bulk append      300 in" in out
    assert "append/raw =" in out and "inclusion/lookup =" in out and "scratch/inclusion =" in out
    assert "at size 380:" in out and "ledger of 340" in out
