"""The screening benchmark runs (at a smoke size) and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench" / "screening_bench.py"


def test_bench_smoke() -> None:
    run = subprocess.run([sys.executable, str(BENCH), "2000", "--listed", "200", "--queries", "400"],
                         capture_output=True, text=True, timeout=300, cwd=BENCH.parent)
    assert run.returncode == 0, run.stderr
    for line in ("screening service", "bare matcher (reference)"):
        assert line in run.stdout and "precision" in run.stdout.split(line)[1].splitlines()[0]
    assert "ratio service/bare matcher (queries/s):" in run.stdout
