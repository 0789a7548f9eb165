"""Reading and cleaning a large 行政处罚 CSV, against a raw executemany insert of the same rows.

    .venv/bin/python bench/bench_cleaning.py 1000000

Writes a GBK CSV shaped like a department export (title row, label headers, mixed date formats,
full-width codes, amounts with units), then times, in the same run:

- ours: ``open_source`` + ``RowCleaner.clean`` over every row (streaming, nothing kept);
- reference: ``executemany`` of the file's raw rows into a SQLite file (no cleaning at all).

and prints rows per second, the ratio ours/reference (share of the raw insert's speed) and the
peak memory of the process, which stays flat as the size grows because the CSV is streamed.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from xinyong.catalog import get_catalog
from xinyong.collection.cleaning import RowCleaner
from xinyong.collection.readers import open_source

HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "处罚决定日期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "当前状态",
]
CODES = [
    "91350100M000100Y43",
    "９１１１００００６０００３７３４１Ｌ",
    "91110108551385082Q",
    "92340602MA2PBMEM24",
]
CATEGORIES = ["罚款", "警告", "罚款；警告", "罚款、没收违法所得", "暂扣或者吊销许可证、暂扣或者吊销执照"]
FINES = ["1.5", "15,000元", "2万元", "0.3", ""]
STHJJ = ("珠海市生态环境局", "11440400081945785C")


def _date(day: date, style: int) -> str:
    return (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        day.strftime("%Y%m%d"),
    )[style]


def write_csv(path: Path, rows: int) -> None:
    chooser = random.Random(2026)
    start = date(2024, 1, 1)
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["珠海市生态环境局行政处罚信息"] + [""] * (len(HEADER) - 1))
        writer.writerow(HEADER)
        for number in range(rows):
            day = start + timedelta(days=number % 1000)
            writer.writerow(
                [
                    f"珠海市第{number % 50000}号科技有限公司",
                    "法人及非法人组织",
                    chooser.choice(CODES),
                    "张伟",
                    f"珠环罚〔{day.year}〕{number}号",
                    "超标排放大气污染物",
                    "经查，当事人超标排放大气污染物。",
                    "《中华人民共和国大气污染防治法》第九十九条",
                    chooser.choice(CATEGORIES),
                    "罚款并吊销排污许可证",
                    chooser.choice(FINES),
                    _date(day, number % 4),
                    *STHJJ,
                    *STHJJ,
                    "有效",
                ]
            )


def reference_insert(path: Path, database: Path) -> float:
    connection = sqlite3.connect(database)
    connection.execute(f"CREATE TABLE raw ({', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})")
    started = time.perf_counter()
    with path.open(encoding="gb18030", newline="") as handle:
        reader = csv.reader(handle)
        next(reader), next(reader)
        marks = ", ".join("?" * len(HEADER))
        while batch := [row for _, row in zip(range(10_000), reader, strict=False)]:
            connection.executemany(f"INSERT INTO raw VALUES ({marks})", batch)
    connection.commit()
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def read_and_clean(path: Path) -> tuple[float, int, int]:
    catalog = get_catalog()
    item = catalog.item("administrative_penalty")
    started = time.perf_counter()
    rows = problems = 0
    with open_source(path, item) as source:
        cleaner = RowCleaner(catalog, item, received_on=date(2026, 11, 23))
        for raw in source.rows():
            cleaned = cleaner.clean(raw)
            rows += 1
            problems += not cleaned.ok
    return time.perf_counter() - started, rows, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=100_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "penalties.csv"
        write_csv(path, rows)
        size = path.stat().st_size / 2**20
        ours, read, problems = read_and_clean(path)
        # Peak memory of the process so far: writing the file and reading + cleaning it.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        reference = reference_insert(path, Path(folder) / "reference.db")
    assert read == rows, f"read {read} of {rows} rows"
    print(f"rows: {rows:,}  file: {size:.1f} MiB (GBK)")
    print(f"reference executemany (raw rows into SQLite): {reference:.2f} s  {rows / reference:,.0f} rows/s")
    print(
        f"read + clean (ours):                          {ours:.2f} s  {rows / ours:,.0f} rows/s"
        f"  rows with problems: {problems:,}"
    )
    print(f"ratio ours/reference speed: {reference / ours:.2f}  peak memory while reading: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
