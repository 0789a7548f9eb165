"""Screening through the whole service: list entries as records, answers stored and logged.

    python bench/screening_bench.py [SIZE] [--listed N] [--queries N] [--database-url URL]

Registers SIZE subjects (default 1,000,000) as the matching benchmark does (plus branch offices of
some firms), pushes ``--listed`` of them (default 50,000) as 失信被执行人 through the collection
pipeline, lets the list entries follow the records, and screens ``--queries`` (default 100,000)
through ``xinyong.screening.service.screen`` in requests of 1,000 — half by code, half by name
only, with perturbations and look-alike true negatives (``matching_queries.py``). Each request
matches, reads the entries in force, chooses the measures, stores every answer, writes the query
log and the screening's event.

Prints queries/s, precision and recall of "the subject is on a list", and the same queries through
the bare matcher in the same run (the reference: what the service adds costs the ratio). For the
rapidfuzz and nomenklatura references see ``matching_bench.py``.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from matching_bench import evaluate, register, run_ours
from matching_queries import Labelled, Subject, build_queries
from xinyong.accounts.viewer import Audience, Viewer
from xinyong.clock import Clock
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.db.engine import Database
from xinyong.db.migrate import upgrade
from xinyong.keys import load_keys
from xinyong.matching import Matcher, MemoryIndex
from xinyong.platform import Platform
from xinyong.screening.following import follow_lists
from xinyong.screening.matcher import matcher_for
from xinyong.screening.models import ScreeningResult
from xinyong.screening.service import SubjectQuery, screen
from xinyong.settings import Settings
from xinyong.subjects.person_ids import PersonIdVault

BATCH = 1000
CHUNK = 10_000


def _listing(subject: Subject, number: int) -> dict[str, str]:
    person = subject.kind == "person"
    return {"失信被执行人姓名/名称": subject.name, "统一社会信用代码/组织机构代码": "" if person else subject.code,
            "身份证号码": subject.code if person else "", "法定代表人或者负责人姓名": subject.legal_rep or "",
            "执行法院": "广东省珠海市中级人民法院", "案号": f"（2025）粤04执{number}号", "立案时间": "2025-06-02",
            "执行依据文号": f"（2024）粤04民初{number}号", "做出执行依据单位": "广东省珠海市中级人民法院",
            "生效法律文书确定的义务": "支付货款及利息", "被执行人的履行情况": "全部未履行",
            "失信被执行人行为具体情形": "违反财产报告制度", "发布时间": "2025-09-01"}


def list_them(platform: Platform, chosen: list[Subject]) -> float:
    started = time.perf_counter()
    submission = Submission("ZYFY", "court_dishonest_debtor", "push", "bench", "推送")
    for start in range(0, len(chosen), CHUNK):
        rows = [_listing(s, start + i + 1) for i, s in enumerate(chosen[start:start + CHUNK])]
        summary = ingest_records(platform, rows, submission)
        if summary.rejected:
            raise SystemExit(f"{summary.rejected} listings rejected: {summary.reasons}")
    changes = follow_lists(platform)
    print(f"listed {len(chosen):,} subjects; {len(changes):,} entries in force")
    return time.perf_counter() - started


def as_request(item: Labelled) -> SubjectQuery:
    q = item.query
    return SubjectQuery(name=q.name, code=q.code, id_number=q.id_number, kind=q.kind, region=q.region,
                        legal_rep=q.legal_rep)


def run_service(platform: Platform, labelled: list[Labelled]) -> tuple[list[set[int]], float]:
    viewer = Viewer(Audience.DEPARTMENT, username="bench", display_name="财政局", department_code="CZJ")
    hits: list[set[int]] = []
    started = time.perf_counter()
    ids = [screen(platform, viewer, "government_procurement", "基准测试", [as_request(i) for i in
                                                                          labelled[s:s + BATCH]])
           for s in range(0, len(labelled), BATCH)]
    seconds = time.perf_counter() - started
    with platform.db.session() as session:
        for screening_id in ids:
            for (answer,) in session.execute(select(ScreeningResult.answer).where(
                    ScreeningResult.screening_id == screening_id).order_by(ScreeningResult.position)):
                hits.append({m["subject"]["id"] for m in answer["matches"] if m["entries"]})
    return hits, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, nargs="?", default=1_000_000, help="number of subjects")
    parser.add_argument("--listed", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--database-url", default="", help="database to use (default: a new SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'bench.db'}"
        settings = Settings(database_url=url, secret_dir=Path(scratch) / "secrets",
                            screening_worker_interval_seconds=0)
        db = Database(url)
        upgrade(db)
        platform = Platform(settings=settings, db=db, clock=Clock(), keys=load_keys(settings))
        vault = PersonIdVault(platform.keys)
        started = time.perf_counter()
        subjects, branches = register(db, vault, args.size, args.seed)
        print(f"registered {len(subjects):,} subjects and {len(branches):,} branch offices "
              f"in {time.perf_counter() - started:.1f} s ({db.backend})")
        with db.session() as session:
            index = MemoryIndex.build(session)
        row_of = {sid: row for row, sid in enumerate(index.ids)}
        subjects = [replace(s, name=index.names[row_of[s.subject_id]],
                            legal_rep=index.legal_reps[row_of[s.subject_id]])
                    for s in subjects if s.subject_id in row_of]
        rng = random.Random(args.seed)
        chosen = rng.sample(subjects, min(args.listed, len(subjects)))
        listed_ids = {s.subject_id for s in chosen}
        unlisted = [s for s in subjects if s.subject_id not in listed_ids]
        labelled = build_queries(rng, chosen, unlisted, branches, args.queries)
        print(f"pushed and followed the listings in {list_them(platform, chosen):.1f} s")

        started = time.perf_counter()
        with db.session() as session:
            matcher_for(platform, session)  # the service's index, built once before the clock runs
        print(f"service index built in {time.perf_counter() - started:.1f} s")
        hits, seconds = run_service(platform, labelled)
        figures = evaluate(labelled, hits, listed_ids)
        bare_hits, bare_seconds = run_ours(Matcher(index, vault=vault), labelled)
        bare = evaluate(labelled, bare_hits, listed_ids)
        for label, count, took, f in (("screening service", len(labelled), seconds, figures),
                                      ("bare matcher (reference)", len(labelled), bare_seconds, bare)):
            print(f"{label:<28} {count / took:10,.0f} queries/s   precision {f['precision']:.4f}   "
                  f"recall {f['recall']:.4f}   (tp {f['tp']}, fp {f['fp']}, fn {f['fn']})")
        print(f"ratio service/bare matcher (queries/s): {bare_seconds / seconds:.2f}")
        db.dispose()


if __name__ == "__main__":
    main()
