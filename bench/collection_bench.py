"""End-to-end collection of a large 行政处罚 file, against a raw executemany of the same rows.

    .venv/bin/python bench/collection_bench.py 1000000 [--database-url URL]

Builds a sample city (a quarter as many subjects as rows, registered first and not timed), writes
a GB18030 CSV shaped like a department export — title row, Chinese headers, mixed date formats,
full-width and lower-case codes, amounts with units, and about 1% bad rows (bad dates, bad
amounts, missing required values, revocations of unknown decisions) — then times, in the same
run and on the same database:

- reference: the file's rows read with the csv module and inserted with the driver's
  ``executemany`` into a table of text columns (no cleaning, no checks, nothing else), with the
  garbage collector paused as ours pauses it;
- ours: ``xinyong ingest`` end to end (read, clean, check, link to subjects, classify, store
  records and versions with provenance, reject with reasons, append events), in one transaction;
  a file this large is read and cleaned in a helper process, whose CPU is printed too.

The reference is timed before ours and again after it, and the ratio is taken against the mean
of the two: on a shared machine the same raw insert of a million rows took from 15.6 s to
25.0 s in different runs. Each timing starts after ``os.sync()``, so none of them pays for
writing back what the steps before it wrote (the city, the file, the other timing).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from rich.progress import Progress
from sqlalchemy import select

from xinyong.clock import Clock
from xinyong.collection.pausing import collector_paused
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.db.engine import Database
from xinyong.platform import Platform
from xinyong.sample.build import build_sample_city
from xinyong.settings import Settings
from xinyong.subjects.models import Subject

HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "行政处罚决定书文号", "违法行为类型",
          "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）", "处罚决定日期", "处罚机关",
          "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码", "当前状态"]
STHJJ = ("珠海市生态环境局", "11440400081945785C")
VIOLATIONS = [("超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条"),
              ("未批先建", "《中华人民共和国环境影响评价法》第三十一条"),
              ("违法倾倒固体废物", "《中华人民共和国固体废物污染环境防治法》第一百零二条"),
              ("未按规定设置排污口", "《中华人民共和国水污染防治法》第八十四条")]
PENALTIES = [("警告", "警告", ""), ("罚款", "罚款人民币{fine}元", "{wan}"), ("罚款", "罚款{wan}万元", "{wan}万元"),
             ("罚款；责令停产停业", "罚款{wan}万元并责令停产整治", "{fine}元"),
             ("警告；罚款", "警告并处罚款{wan}万元", "{wan}")]


def _date(day: date, style: int) -> str:
    return (day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日",
            day.strftime("%Y%m%d"))[style]


def _code(code: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.02:
        return "".join(chr(ord(c) + 0xFEE0) for c in code)
    return code.lower() if roll < 0.04 else code


def write_file(path: Path, rows: int, firms: list[tuple[str, str, str]], seed: int) -> int:
    """The department's export; returns how many rows were made bad on purpose."""
    rng = random.Random(seed)
    start, bad = date(2024, 1, 1), 0
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["珠海市生态环境局行政处罚信息公示表"] + [""] * (len(HEADER) - 1))
        writer.writerow(HEADER)
        for number in range(rows):
            name, code, rep = firms[rng.randrange(len(firms))]
            violation, basis = rng.choice(VIOLATIONS)
            category, content, fine = rng.choice(PENALTIES)
            wan = rng.choice([0.5, 1, 2, 3.5, 5, 10, 20])
            day = start + timedelta(days=rng.randrange(1000))
            row = [name, "法人及非法人组织", _code(code, rng), rep, f"珠环罚〔{day.year}〕{number + 1}号", violation,
                   f"经查，{name}存在{violation}行为。", basis, category,
                   content.format(fine=int(wan * 10000), wan=wan), fine.format(fine=int(wan * 10000), wan=wan),
                   _date(day, number % 4), *STHJJ, *STHJJ, "有效"]
            if rng.random() < 0.01:
                bad += 1
                flaw = rng.randrange(4)
                if flaw == 0:
                    row[11] = f"{day.year}-13-{day.day}"
                elif flaw == 1:
                    row[10] = "两万元"
                elif flaw == 2:
                    row[4] = ""
                else:
                    row[16], row[4] = "撤销", f"珠环罚〔{day.year}〕未知{number}号"
            writer.writerow(row)
    return bad


def reference_insert(db: Database, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the reference insert."""
    os.sync()
    marker = "?" if db.backend == "sqlite" else "%s"
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE TABLE bench_raw ({', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})")
    started, cpu = time.perf_counter(), time.process_time()
    # With the collector paused, as ours runs: otherwise every full collection the reference's
    # row lists set off would walk whatever this process still holds from building the city.
    with collector_paused(), db.engine.begin() as connection, path.open(encoding="gb18030", newline="") as handle:
        cursor = connection.connection.cursor()
        reader = csv.reader(handle)
        next(reader), next(reader)
        sql = f"INSERT INTO bench_raw VALUES ({', '.join([marker] * len(HEADER))})"
        while batch := [row for _, row in zip(range(10_000), reader, strict=False)]:
            cursor.executemany(sql, batch)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE bench_raw")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--database-url", default="", help="database to use (default: a new SQLite file)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        platform = Platform.open(Settings(database_url=url, secret_dir=Path(folder) / "secrets"), clock=Clock())
        with Progress(disable=True) as progress:
            build_sample_city(platform, max(1000, args.rows // 4), args.seed, progress)
        generator_firms = _firms(platform)
        path = Path(folder) / "处罚.csv"
        bad = write_file(path, args.rows, generator_firms, args.seed)
        size = path.stat().st_size / 2**20
        before, before_cpu = reference_insert(platform.db, path)
        os.sync()
        started, cpu, helper_cpu = time.perf_counter(), time.process_time(), _children_cpu()
        summary = ingest_file(platform, path, Submission("STHJJ", "administrative_penalty", "cli", "bench",
                                                         path.name))
        ours, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
        helper_cpu = _children_cpu() - helper_cpu
        after, after_cpu = reference_insert(platform.db, path)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        backend = platform.db.backend
        platform.close()
    print(f"backend: {backend}  rows: {args.rows:,}  file: {size:.1f} MiB (GB18030)  bad rows planted: {bad:,}")
    print(f"outcome: {summary.as_dict()}")
    reference, reference_cpu = (before + after) / 2, (before_cpu + after_cpu) / 2
    print(f"reference (csv + executemany of raw rows): {args.rows / reference:10,.0f} rows/s  "
          f"(mean of {before:.2f} s before ours and {after:.2f} s after; CPU {before_cpu:.2f} s and {after_cpu:.2f} s)")
    print(f"ours (xinyong ingest, end to end):         {args.rows / ours:10,.0f} rows/s  "
          f"({ours:.1f} s, CPU {ours_cpu:.1f} s, and {helper_cpu:.1f} s in the helper process that reads and cleans)")
    print(f"ratio ours/reference: {reference / ours:.3f} (wall), {reference_cpu / ours_cpu:.3f} (CPU of this process;"
          f" the database server's time not counted)   peak memory: {peak:,.0f} MiB")


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (the ingest's helper)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _firms(platform: Platform) -> list[tuple[str, str, str]]:
    """The city's enterprises as the department's file names them."""
    with platform.db.session() as session:
        rows = session.execute(select(Subject.name, Subject.code, Subject.legal_rep)
                               .where(Subject.category == "enterprise", Subject.code_verdict == "valid")
                               .order_by(Subject.id).limit(50_000)).all()
    return [(name, code, rep or "张伟") for name, code, rep in rows]


if __name__ == "__main__":
    main()
