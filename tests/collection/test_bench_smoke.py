"""The cleaning benchmark runs end to end at a smoke size (figures are read by people, not asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[2] / "bench" / "bench_cleaning.py"


def test_cleaning_bench_runs_at_smoke_size() -> None:
    done = subprocess.run([sys.executable, str(BENCH), "300"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "rows: 300" in done.stdout and "ratio ours/reference speed" in done.stdout
