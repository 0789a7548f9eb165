#!/usr/bin/env python3
"""Condense the yearly GB/T 2260 code tables into the file the identifiers package reads.

Input: ``address_code.csv`` from github.com/jxlwqq/address-code-of-china (MIT), commit
59d892a8c5777bdaaef597a586a3864379f76739 — rows ``year,code,name`` for every year 1980–2020.
Output: ``src/xinyong/identifiers/data/gbt2260.tsv.gz`` — one line per run of consecutive years in
which a code carried the same name: ``code first last name derived``.

The upstream tables leave out the grouping codes that GB/T 2260 itself lists and that real codes
use: 市辖区 ``xxxx01`` of a prefecture-level city with districts (``440301`` in Shenzhen ID numbers,
``440101`` in Guangzhou USCCs), and 市辖区 ``xx0100`` / 县 ``xx0200`` of the four municipalities
(``110100`` in Beijing USCCs). They are added here for the years their parent existed with
districts (or counties), marked ``derived = 1``.

Usage: scripts/build_gbt2260.py path/to/address_code.csv [output.tsv.gz]
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).parents[1] / "src/xinyong/identifiers/data/gbt2260.tsv.gz"
HEADER = (
    "# GB/T 2260 administrative division codes by year, condensed from\n"
    "# github.com/jxlwqq/address-code-of-china address_code.csv at commit\n"
    "# 59d892a8c5777bdaaef597a586a3864379f76739 (MIT, see gbt2260.NOTICE.txt),\n"
    "# by scripts/build_gbt2260.py. Columns: code, first year, last year, name, derived (1 = grouping\n"
    "# code 市辖区/县 added by the script, absent upstream).\n"
)
MUNICIPALITIES = ("11", "12", "31", "50")
DISTRICT_SUFFIXES = tuple(f"{n:02d}" for n in range(2, 21))


def read_tables(path: Path) -> dict[str, dict[int, str]]:
    names: dict[str, dict[int, str]] = defaultdict(dict)
    with path.open(encoding="utf-8", newline="") as handle:
        for year, code, name in csv.reader(handle):
            if len(code) != 6 or not code.isdigit():
                raise SystemExit(f"unexpected code {code!r} in year {year}")
            names[code][int(year)] = name
    return names


def derive_grouping_codes(names: dict[str, dict[int, str]]) -> dict[str, dict[int, str]]:
    by_year: dict[int, set[str]] = defaultdict(set)
    for code, years in names.items():
        for year in years:
            by_year[year].add(code)
    derived: dict[str, dict[int, str]] = defaultdict(dict)
    for year, codes in by_year.items():
        for code in codes:
            is_city = code.endswith("00") and not code.endswith("0000") and names[code][year].endswith("市")
            grouping = code[:4] + "01"
            if is_city and grouping not in codes and any(code[:4] + s in codes for s in DISTRICT_SUFFIXES):
                derived[grouping][year] = "市辖区"
        for province in MUNICIPALITIES:
            if province + "0000" not in codes:
                continue
            for group, label in (("01", "市辖区"), ("02", "县")):
                grouping = province + group + "00"
                if grouping not in codes and any(c.startswith(province + group) for c in codes):
                    derived[grouping][year] = label
    return derived


def runs(years: dict[int, str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for year in sorted(years):
        name = years[year]
        if out and out[-1][1] == year - 1 and out[-1][2] == name:
            out[-1] = (out[-1][0], year, name)
        else:
            out.append((year, year, name))
    return out


def build(source: Path, output: Path) -> int:
    names = read_tables(source)
    derived = derive_grouping_codes(names)
    lines = []
    for table, flag in ((names, "0"), (derived, "1")):
        for code, years in table.items():
            lines.extend(f"{code}\t{first}\t{last}\t{name}\t{flag}" for first, last, name in runs(years))
    text = HEADER + "\n".join(sorted(lines)) + "\n"
    buffer = io.BytesIO()
    # mtime=0 keeps the file byte-identical between runs, so a rebuild shows no spurious change.
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(text.encode("utf-8"))
    output.write_bytes(buffer.getvalue())
    return len(lines)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    target = Path(sys.argv[2]) if len(sys.argv) == 3 else OUTPUT
    count = build(Path(sys.argv[1]), target)
    print(f"{count} runs written to {target}")
