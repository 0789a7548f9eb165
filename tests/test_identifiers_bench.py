"""The identifiers benchmark runs (at a smoke size) and prints what it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench" / "identifiers_bench.py"


def test_bench_smoke() -> None:
    run = subprocess.run([sys.executable, str(BENCH), "300"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "300 codes generated" in run.stdout
    assert run.stdout.count("codes/s") == 4
    assert "ratio ours/stdnum (throughput):" in run.stdout
