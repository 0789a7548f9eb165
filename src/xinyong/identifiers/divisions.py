"""Administrative division codes (行政区划代码, GB/T 2260) and their history, 1980 to the latest table.

Codes are created, abolished and re-used under another name (``362324`` was 丰城县 in 1980–1981,
铅山县 in 1982–1999), so a code is judged against the year that matters: the birth year of an ID
number, any year for the registering authority of a USCC. The history is read once, on first use,
from ``data/gbt2260.tsv.gz`` (built by ``scripts/build_gbt2260.py``; source and licence in
``data/gbt2260.NOTICE.txt``). Years outside the tables are answered with the nearest table.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "gbt2260.tsv.gz"

#: Registering-authority codes a USCC or registration number may carry that are not divisions:
#: 100000 for national-level authorities, 990000 for special registration areas.
AUTHORITY_SPECIAL_CODES = frozenset({"100000", "990000"})


@dataclass(frozen=True, slots=True)
class DivisionRun:
    """Consecutive years in which a code carried one name."""

    first: int
    last: int
    name: str
    derived: bool  # a 市辖区/县 grouping code the upstream tables leave out


@dataclass(frozen=True)
class DivisionHistory:
    first_year: int
    last_year: int
    runs: dict[str, tuple[DivisionRun, ...]]
    year_masks: dict[str, int]  # bit n set: the code existed in first_year + n
    authority_codes: frozenset[str]


def read_history(path: Path) -> DivisionHistory:
    """Read a file written by ``scripts/build_gbt2260.py``."""
    runs: dict[str, list[DivisionRun]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            code, first, last, name, derived = line.rstrip("\n").split("\t")
            runs.setdefault(code, []).append(DivisionRun(int(first), int(last), name, derived == "1"))
    first_year = min(run.first for code_runs in runs.values() for run in code_runs)
    last_year = max(run.last for code_runs in runs.values() for run in code_runs)
    masks = {
        code: sum(((1 << (run.last - run.first + 1)) - 1) << (run.first - first_year) for run in code_runs)
        for code, code_runs in runs.items()
    }
    return DivisionHistory(
        first_year=first_year,
        last_year=last_year,
        runs={code: tuple(sorted(code_runs, key=lambda run: run.first)) for code, code_runs in runs.items()},
        year_masks=masks,
        authority_codes=frozenset(runs) | AUTHORITY_SPECIAL_CODES,
    )


@cache
def history() -> DivisionHistory:
    """The whole table, read once per process, on first use."""
    return read_history(DATA)


def _clamp(table: DivisionHistory, year: int) -> int:
    return min(max(year, table.first_year), table.last_year)


def division_known(code: str) -> bool:
    """The code is in the GB/T 2260 tables of some year."""
    return code in history().year_masks


def division_existed(code: str, year: int) -> bool:
    """The code was in force in ``year`` (years outside the tables: the nearest table)."""
    table = history()
    return bool(table.year_masks.get(code, 0) >> (_clamp(table, year) - table.first_year) & 1)


def authority_division_known(code: str) -> bool:
    """A registering authority's code (USCC positions 3–8, registration number 1–6): any year, or special."""
    return code in history().authority_codes


def division_name(code: str, year: int | None = None) -> str | None:
    """The unit's name in ``year`` (its latest name when no year is given); None when it did not exist."""
    table = history()
    code_runs = table.runs.get(code)
    if not code_runs:
        return None
    if year is None:
        return code_runs[-1].name
    year = _clamp(table, year)
    return next((run.name for run in code_runs if run.first <= year <= run.last), None)


def current_divisions(prefix: str) -> list[tuple[str, str]]:
    """County-level units (区/县/县级市…) under ``prefix`` in the latest table, by code.

    ``current_divisions("4404")`` lists 珠海市's districts; 市辖区 grouping codes are left out.
    """
    table = history()
    return [
        (code, runs[-1].name)
        for code, runs in sorted(table.runs.items())
        if code.startswith(prefix) and not code.endswith("00")
        and runs[-1].last == table.last_year and not runs[-1].derived
    ]
