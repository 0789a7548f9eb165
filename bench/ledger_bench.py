"""Ledger benchmark: append throughput and proof times at N leaves (default 10,000,000).

    .venv/bin/python bench/ledger_bench.py [N] [--database-url URL] [--seal-events M] [--proofs P]

1. The real sealing path: M events appended as capabilities do, sealed in batches → events/s,
   on an empty ledger and again once it holds N leaves.
2. Bulk append of N leaves through the same storage code (frontier, leaves, subtree rows) → leaves/s;
   reference: a raw executemany of the same N rows into a bare table of the same shape.
3. At the final size, P random inclusion and consistency proofs read from the database (p50/p95);
   references: one indexed point lookup, and recomputing the root from every stored leaf.

Without ``--database-url`` a SQLite file under ``bench/out/`` is used and deleted afterwards; a
PostgreSQL URL must name an empty, migrated-or-empty database (it is left with the data).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import BigInteger, Column, Integer, LargeBinary, MetaData, Table, insert, select

from xinyong.clock import Clock
from xinyong.events import append_event
from xinyong.ledger import merkle, seal_pending, store
from xinyong.ledger.models import LedgerLeaf
from xinyong.platform import Platform
from xinyong.settings import Settings

OUT = Path(__file__).parent / "out"
CHUNK = 100_000


def _rate(count: int, seconds: float) -> str:
    return f"{count:,} in {seconds:.2f} s = {count / seconds:,.0f}/s" if seconds else f"{count:,} in 0 s"


def _ms(samples: Sequence[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def bench_seal(platform: Platform, events: int, batch: int, first: int = 0) -> float:
    """Seconds spent sealing ``events`` events recorded and sealed ``batch`` at a time."""
    sealing = 0.0
    for start in range(first, first + events, batch):
        with platform.db.session() as session:
            for i in range(start, min(start + batch, first + events)):
                append_event(session, at=platform.clock.now(), kind="bench:event:recorded", actor="bench",
                             payload={"seq": i, "说明": "基准测试事件"}, object_ref=f"bench-{i}")
        began = time.perf_counter()
        seal_pending(platform)
        sealing += time.perf_counter() - began
    return sealing


def _synthetic(first_index: int, count: int) -> list[tuple[int, bytes]]:
    """Leaves with negative event ids, so that real events sealed afterwards are still new."""
    return [(-1 - i, hashlib.sha256(i.to_bytes(8, "big")).digest())
            for i in range(first_index, first_index + count)]


def bench_append(platform: Platform, leaves: int) -> float:
    """Seconds spent appending ``leaves`` synthetic leaves through the ledger's storage code."""
    spent, done = 0.0, 0
    while done < leaves:
        items = _synthetic(done, min(CHUNK, leaves - done))
        began = time.perf_counter()
        with platform.db.session() as session:
            now = platform.clock.now()
            head = store.lock_head(session, now)
            edge = store.frontier(session, head.size)
            store.append_leaves(session, edge, items)
            store.save_head(session, edge, now)
        spent += time.perf_counter() - began
        done += len(items)
    return spent


def bench_raw_insert(platform: Platform, leaves: int) -> float:
    """The reference: the same rows executemany'd into a bare table shaped like ``ledger_leaves``."""
    key = BigInteger().with_variant(Integer, "sqlite")
    raw = Table("bench_raw_leaves", MetaData(), Column("idx", key, primary_key=True, autoincrement=False),
                Column("event_id", BigInteger, unique=True), Column("leaf_hash", LargeBinary(32)))
    raw.drop(platform.db.engine, checkfirst=True)
    raw.create(platform.db.engine)
    spent, done = 0.0, 0
    try:
        while done < leaves:
            rows = [{"idx": i, "event_id": e, "leaf_hash": h}
                    for i, (e, h) in enumerate(_synthetic(done, min(CHUNK, leaves - done)), start=done)]
            began = time.perf_counter()
            with platform.db.session() as session:
                session.execute(insert(raw), rows)
            spent += time.perf_counter() - began
            done += len(rows)
    finally:
        raw.drop(platform.db.engine)
    return spent


def _timed(kinds: dict[str, Sequence[Callable[[], object]]]) -> dict[str, list[float]]:
    """Time the calls of each kind in turn, interleaved, so that no kind runs on a colder cache."""
    samples: dict[str, list[float]] = {kind: [] for kind in kinds}
    for round_ in zip(*kinds.values(), strict=True):
        for kind, call in zip(kinds, round_, strict=True):
            began = time.perf_counter()
            call()
            samples[kind].append(time.perf_counter() - began)
    return samples


def bench_proofs(platform: Platform, count: int, rng: random.Random) -> dict[str, object]:
    with platform.db.session() as session:
        size = store.read_head(session).size
        top = store.root_at(session, size)
        indexes = [rng.randrange(size) for _ in range(count)]
        firsts = [rng.randrange(1, size) for _ in range(count)]
        samples = _timed({
            "inclusion": [lambda i=i: store.inclusion_proof(session, i, size) for i in indexes],
            "consistency": [lambda m=m: store.consistency_proof(session, m, size) for m in firsts],
            "lookup": [lambda i=i: session.execute(select(LedgerLeaf.leaf_hash).where(LedgerLeaf.idx == i))
                       .scalar_one() for i in reversed(indexes)],
        })
        for i in indexes[:50]:
            leaf = store.subtree_hashes(session, [(0, i)])[(0, i)]
            assert merkle.verify_inclusion(leaf, i, size, store.inclusion_proof(session, i, size), top)
        for m in firsts[:50]:
            old = store.root_at(session, m)
            assert merkle.verify_consistency(m, size, store.consistency_proof(session, m, size), old, top)
    return {"size": size, "root": top, **samples}


def bench_root_from_scratch(platform: Platform) -> tuple[float, bytes]:
    """Recompute the root by streaming every stored leaf hash: what a proof avoids."""
    began = time.perf_counter()
    edge, after = merkle.Frontier(), -1
    with platform.db.session() as session:
        while True:
            rows = session.execute(select(LedgerLeaf.idx, LedgerLeaf.leaf_hash).where(LedgerLeaf.idx > after)
                                   .order_by(LedgerLeaf.idx).limit(CHUNK)).all()
            if not rows:
                break
            for row in rows:
                edge.append(row.leaf_hash)
            after = rows[-1].idx
    return time.perf_counter() - began, edge.root()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=10_000_000, help="leaves to append in bulk")
    parser.add_argument("--database-url", default="", help="database to use (default: SQLite in bench/out)")
    parser.add_argument("--seal-events", type=int, default=50_000, help="events through the sealing path")
    parser.add_argument("--seal-batch", type=int, default=1_000, help="events per seal")
    parser.add_argument("--proofs", type=int, default=1_000, help="random proofs of each kind")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    args = parser.parse_args(argv)

    OUT.mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="ledger-bench-", dir=OUT))
    url = args.database_url or f"sqlite:///{scratch / 'ledger.db'}"
    platform = Platform.open(Settings(database_url=url, secret_dir=scratch / "secrets"), clock=Clock())
    try:
        with platform.db.session() as session:
            if store.read_head(session).size:
                sys.exit("the database already holds a ledger: give an empty one")
        seal_events = min(args.seal_events, args.n)
        print(f"ledger bench on {platform.db.backend}: {args.n:,} leaves in bulk, "
              f"{seal_events:,} events through seal, {args.proofs:,} proofs of each kind")

        sealing = bench_seal(platform, seal_events, args.seal_batch)
        print(f"  seal path        {_rate(seal_events, sealing)} events (batches of {args.seal_batch:,}), "
              "empty ledger")
        appending = bench_append(platform, args.n)
        print(f"  bulk append      {_rate(args.n, appending)} leaves (plus one subtree row per leaf)")
        if platform.db.backend == "sqlite":
            size = sum(p.stat().st_size for p in scratch.glob("ledger.db*"))
            print(f"  SQLite file      {size / 2**20:,.0f} MiB")
        sealing = bench_seal(platform, seal_events, args.seal_batch, first=seal_events)
        print(f"  seal path        {_rate(seal_events, sealing)} events, ledger of {args.n + seal_events:,}")
        raw = bench_raw_insert(platform, args.n)
        print(f"  raw insert (ref) {_rate(args.n, raw)} rows   → append/raw = {appending / raw:.2f}×")

        proofs = bench_proofs(platform, args.proofs, random.Random(2026))
        inclusion, consistency, lookup = (_ms(proofs[k]) for k in ("inclusion", "consistency", "lookup"))
        print(f"  at size {proofs['size']:,}:")
        print(f"  inclusion proof  p50 {inclusion[0]:.3f} ms, p95 {inclusion[1]:.3f} ms")
        print(f"  consistency      p50 {consistency[0]:.3f} ms, p95 {consistency[1]:.3f} ms")
        print(f"  point lookup     p50 {lookup[0]:.3f} ms (ref)   → inclusion/lookup = "
              f"{inclusion[0] / lookup[0]:.1f}×")
        scratch_seconds, scratch_root = bench_root_from_scratch(platform)
        assert scratch_root == proofs["root"], "the stored subtrees disagree with the leaves"
        print(f"  root from scratch {scratch_seconds:.2f} s (ref)   → scratch/inclusion = "
              f"{scratch_seconds * 1000 / inclusion[0]:,.0f}×")
    finally:
        platform.close()
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        elif not args.database_url:
            print(f"  kept {scratch}")


if __name__ == "__main__":
    main()
