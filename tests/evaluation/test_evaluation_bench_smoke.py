"""The evaluation benchmark runs end to end at a smoke size (figures are read by people, not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "bench" / "evaluation_bench.py"


def test_evaluation_bench_runs_at_smoke_size() -> None:
    done = subprocess.run([sys.executable, str(BENCH), "2000", "--partitions", "4"], capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "2,000 subjects" in done.stdout and "same grades: True" in done.stdout
