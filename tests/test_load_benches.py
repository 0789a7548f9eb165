"""The subject-load, collection and portal benchmarks run (at a smoke size) and print what they promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "bench"


def _run(*args: str) -> str:
    run = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=600, cwd=BENCH)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_collection_bench_prints_the_ratio_to_a_raw_insert() -> None:
    out = _run("collection_bench.py", "2000")
    assert "reference (csv + executemany of raw rows):" in out and "ours (xinyong ingest, end to end):" in out
    assert "ratio ours/reference:" in out


def test_portal_bench_measures_search_and_the_subject_page_against_datasette() -> None:
    out = _run("portal_bench.py", "1500", "--page", "--requests", "40", "--concurrency", "2",
               "--seconds", "1")
    for label in ("name search, 2 chars, JSON", "name search, 2 chars, HTML page", "subject page / row page"):
        assert f"{label}" in out and "req/s platform/datasette" in out.split(label)[-1].splitlines()[0]
    assert "errors 0" in out and "errors 1" not in out


def test_subjects_bench_prints_the_ratio_to_a_raw_insert() -> None:
    out = _run("subjects_bench.py", "2000")
    assert "raw executemany insert:" in out and "registry bulk load:" in out and "ratio registry/raw:" in out
