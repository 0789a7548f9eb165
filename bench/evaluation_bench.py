"""Evaluation throughput: subjects/s graded in this process against a 2-worker Dask LocalCluster.

    python bench/evaluation_bench.py 1000000 [--records-per-subject 5] [--partitions 40] [--workers 2]
    python bench/evaluation_bench.py --database-url sqlite:///var/xinyong.db [--workers 2]

Each partition of subjects is generated from its own seed (about five records a subject: penalties,
permits, list entries, risk classes, honours — spread over four years) and graded with the official
model, explanations included. Three figures, all in this run: generating the facts alone, then
generating and grading in this process (the reference), then the same partitions on the cluster,
where each task generates and grades its own partition so that only the results travel. Both paths
must give the same grades (a checksum over every subject's score and grade is compared).

With ``--database-url`` it grades the subjects of a real database instead (the sample city, say):
loading each chunk's records and scoring them, in this process and on the cluster, without writing.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from collections import Counter
from datetime import date, timedelta

from xinyong.evaluation.engine import Fact, Scorer, SubjectFacts
from xinyong.evaluation.loader import get_models

AS_OF = date(2026, 11, 23)
# (item, share of records, severities, values)
MIX = [
    ("administrative_penalty", 0.42, ("minor", "general", "general", "serious"), None),
    ("administrative_permit", 0.30, (None,), None),
    ("enterprise_risk_class", 0.14, (None,), ("FLJG", "AAAAAABBBCD")),
    ("credit_commitment", 0.05, (None,), ("LYZT", "1113")),
    ("tax_credit_a", 0.04, (None,), ("XYJB", "A")),
    ("abnormal_operation", 0.03, ("general",), None),
    ("court_dishonest_debtor", 0.01, ("serious",), None),
    ("customs_advanced_certified", 0.01, (None,), None),
]


def partition(index: int, size: int, per_subject: float) -> list[SubjectFacts]:
    """Subjects ``index * size`` … of one partition, the same for the same index anywhere."""
    rng = random.Random(index)
    first_day = (AS_OF - timedelta(days=4 * 365)).toordinal()
    items, weights = [m[0] for m in MIX], [m[1] for m in MIX]
    specs = {m[0]: m for m in MIX}
    subjects, record_id = [], index * size * 20
    for offset in range(size):
        count = min(int(rng.expovariate(1 / per_subject) + 0.5), 40)
        facts = []
        for item in rng.choices(items, weights, k=count):
            _, _, severities, values = specs[item]
            record_id += 1
            kept = {values[0]: rng.choice(values[1])} if values else {}
            facts.append(Fact(record_id, item, first_day + rng.randrange(4 * 365), rng.choice(severities), kept))
        registered = AS_OF.toordinal() - rng.randrange(20 * 365)
        subjects.append(SubjectFacts(index * size + offset, registered, tuple(facts)))
    return subjects


def grade_partition(index: int, size: int, per_subject: float) -> tuple[int, int, dict[str, int], str]:
    """Generate and grade one partition: (subjects, records, grade counts, checksum of the results)."""
    scorer = Scorer(get_models().official_on(AS_OF), AS_OF)
    checksum, counts, records = hashlib.sha256(), Counter(), 0
    for subject in partition(index, size, per_subject):
        graded = scorer.score(subject)
        records += len(subject.records)
        counts[graded.grade] += 1
        checksum.update(f"{graded.subject_id}:{graded.score}:{graded.grade};".encode())
    return size, records, dict(counts), checksum.hexdigest()


def combine(results: list[tuple[int, int, dict[str, int], str]]) -> tuple[int, int, Counter[str], str]:
    counts: Counter[str] = Counter()
    digest = hashlib.sha256()
    for _, _, part, checksum in results:
        counts.update(part)
        digest.update(checksum.encode())
    return sum(r[0] for r in results), sum(r[1] for r in results), counts, digest.hexdigest()


def bench_database(url: str, workers: int) -> None:
    from distributed import LocalCluster

    from xinyong.db.engine import Database
    from xinyong.evaluation.backends import DaskBackend, LocalBackend, grade_task
    from xinyong.evaluation.runs import CHUNK, subjects_in_scope

    db = Database(url)
    model = get_models().official_on(AS_OF)
    scorer = Scorer(model, AS_OF)
    with db.session() as session:
        ids = subjects_in_scope(session, model)
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
    started = time.perf_counter()
    local = [g for part in LocalBackend().map(grade_task, db, scorer, chunks) for g in part]
    in_process = time.perf_counter() - started
    print(f"{len(ids):,} subjects from {db.backend}; in-process: {in_process:.1f} s, "
          f"{len(ids) / in_process:,.0f} subjects/s (load and score, no writes)")
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        backend = DaskBackend(cluster.scheduler_address)
        list(backend.map(grade_task, db, scorer, chunks[:2]))  # workers import the platform before the clock starts
        started = time.perf_counter()
        remote = [g for part in backend.map(grade_task, db, scorer, chunks) for g in part]
        on_cluster = time.perf_counter() - started
    same = sorted(local, key=lambda g: g.subject_id) == sorted(remote, key=lambda g: g.subject_id)
    print(f"LocalCluster ({workers} workers): {on_cluster:.1f} s, {len(ids) / on_cluster:,.0f} subjects/s; "
          f"ratio cluster / in-process: {in_process / on_cluster:.2f}×; same grades: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("subjects", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--database-url", help="grade the subjects of this database instead")
    parser.add_argument("--records-per-subject", type=float, default=5.0)
    parser.add_argument("--partitions", type=int, default=0, help="default: one per 25,000 subjects (at least 4)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.database_url:
        bench_database(args.database_url, args.workers)
        return
    parts = args.partitions or max(4, args.subjects // 25_000)
    size = args.subjects // parts
    total = size * parts

    started = time.perf_counter()
    records = sum(len(s.records) for i in range(parts) for s in partition(i, size, args.records_per_subject))
    generating = time.perf_counter() - started
    print(f"{total:,} subjects, {records:,} records in {parts} partitions; generating alone: {generating:.1f} s")

    started = time.perf_counter()
    local = combine([grade_partition(i, size, args.records_per_subject) for i in range(parts)])
    in_process = time.perf_counter() - started
    print(f"in-process: {in_process:.1f} s, {total / in_process:,.0f} subjects/s "
          f"(grading alone ≈ {total / max(in_process - generating, 1e-9):,.0f} subjects/s); grades {dict(local[2])}")

    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        client.submit(get_models).result()  # workers import and load the models before the clock starts
        started = time.perf_counter()
        futures = client.map(grade_partition, range(parts), [size] * parts, [args.records_per_subject] * parts)
        remote = combine(client.gather(futures))
        on_cluster = time.perf_counter() - started
    print(f"LocalCluster ({args.workers} workers): {on_cluster:.1f} s, {total / on_cluster:,.0f} subjects/s")
    print(f"ratio cluster / in-process: {in_process / on_cluster:.2f}×; same grades: {remote == local}")
    if remote != local:
        raise SystemExit("the cluster's grades differ from the in-process grades")


if __name__ == "__main__":
    main()
