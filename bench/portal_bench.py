"""Portal under concurrent load: name search (and the subject page) against Datasette on the same file.

    python bench/portal_bench.py 1000000 [--db PATH] [--concurrency 16] [--requests 2000] [--page]

Builds a sample city of N subjects through the registry into a SQLite file (or reuses ``--db`` if it
already holds one), then serves it twice from subprocesses — the platform under uvicorn, and
Datasette (the reference, measured in the same run) on the same file — and fires the same requests
at both from an async HTTP client with ``--concurrency`` requests in flight:

- name search for 2- and 3-character fragments drawn from real names: ``/api/v1/subjects?q=`` against
  Datasette's ``/<db>/subjects.json?name__contains=`` (and the two HTML pages);
- with ``--page``, the subject page ``/subjects/{code}`` (basic information, list banners, record
  tabs, through the disclosure policy) against Datasette's row page of the same subject.

Prints p50/p99 latency and requests/s of each, and the ratios platform/Datasette. The load generator
shares the machine with both servers, so the figures are for comparison, not absolute capacity.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx

from xinyong.clock import Clock
from xinyong.db.engine import Database
from xinyong.db.migrate import upgrade
from xinyong.keys import load_keys
from xinyong.sample.city import CityGenerator
from xinyong.settings import Settings
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry

PUBLIC_KINDS = ("organisation", "individual_business")


@dataclass
class Figures:
    p50_ms: float
    p99_ms: float
    per_second: float
    errors: int

    def line(self, label: str) -> str:
        return (f"{label:<44} p50 {self.p50_ms:7.1f} ms  p99 {self.p99_ms:7.1f} ms  "
                f"{self.per_second:8.0f} req/s  errors {self.errors}")


def build(path: Path, size: int, seed: int) -> None:
    url = f"sqlite:///{path}"
    db = Database(url)
    upgrade(db)
    with db.engine.connect() as connection:
        if connection.exec_driver_sql("SELECT count(*) FROM subjects").scalar():
            print(f"reusing {path}")
            db.dispose()
            return
    settings = Settings(database_url=url, secret_dir=path.parent / "secrets")
    started = time.perf_counter()
    entries = [s.entry for s in CityGenerator(seed).generate(size)]
    with db.session() as session:
        registry = Registry(session, PersonIdVault(load_keys(settings)), now=Clock().now(), origin="bench")
        for start in range(0, len(entries), 50_000):
            registry.register_many(entries[start:start + 50_000])
            session.commit()
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    print(f"built {len(entries):,} subjects in {time.perf_counter() - started:.0f} s")


def samples(path: Path, n: int, seed: int) -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """2- and 3-character fragments of real names, and (id, code) of public subjects."""
    rng = random.Random(seed)
    with sqlite3.connect(path) as connection:
        top = connection.execute("SELECT max(id) FROM subjects").fetchone()[0]
        rows = []
        while len(rows) < n:
            ids = ",".join(str(rng.randint(1, top)) for _ in range(n))
            rows += connection.execute(f"SELECT id, code, name FROM subjects WHERE id IN ({ids}) AND kind IN "
                                       f"('organisation', 'individual_business') AND canonical_id IS NULL").fetchall()
    rows = rows[:n]

    def fragment(name: str, length: int) -> str:
        start = rng.randrange(len(name) - length + 1)
        return name[start:start + length]

    names = [name for _, _, name in rows if len(name) >= 3]
    return [fragment(x, 2) for x in names], [fragment(x, 3) for x in names], [(i, c) for i, c, _ in rows]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(command: list[str], port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except httpx.HTTPError:
            if process.poll() is not None:
                raise RuntimeError(f"{command[2]} exited: {log.read_text()[-2000:]}") from None
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{command} did not start")


async def load(base: str, paths: list[str], concurrency: int) -> Figures:
    latencies: list[float] = []
    errors = 0
    queue = list(reversed(paths))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal errors
            while queue:
                path = queue.pop()
                started = time.perf_counter()
                response = await client.get(path)
                latencies.append(time.perf_counter() - started)
                errors += response.status_code >= 400

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return Figures(latencies[len(latencies) // 2] * 1000, latencies[int(len(latencies) * 0.99)] * 1000,
                   len(latencies) / elapsed, errors)


def measure(label: str, base: str, paths: list[str], concurrency: int) -> Figures:
    asyncio.run(load(base, paths[: max(concurrency * 2, len(paths) // 10)], concurrency))  # warm caches
    figures = asyncio.run(load(base, paths, concurrency))
    print(figures.line(label))
    return figures


def ratio_line(label: str, ours: Figures, theirs: Figures) -> str:
    return (f"{label:<44} p99 platform/datasette {ours.p99_ms / theirs.p99_ms:6.2f}   "
            f"req/s platform/datasette {ours.per_second / theirs.per_second:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, nargs="?", default=1_000_000, help="number of subjects")
    parser.add_argument("--db", type=Path, help="SQLite file to build into or reuse (default: a temporary one)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=500, help="requests per measurement")
    parser.add_argument("--page", action="store_true", help="also measure the subject page against the row page")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = (args.db or Path(scratch) / "bench.db").resolve()
        build(path, args.size, args.seed)
        two, three, subjects = samples(path, args.requests, args.seed)
        ours_port, theirs_port = free_port(), free_port()
        env = {"XINYONG_DATABASE_URL": f"sqlite:///{path}", "XINYONG_SECRET_DIR": str(path.parent / "secrets"),
               "XINYONG_RATE_LIMIT_ENABLED": "false", "XINYONG_LOG_LEVEL": "WARNING"}
        ours = serve([sys.executable, "-m", "uvicorn", "--factory", "xinyong.web.app:create_app", "--port",
                      str(ours_port), "--log-level", "warning", "--no-access-log"], ours_port, env,
                     Path(scratch) / "ours.log")
        # Facet suggestions off: they are extra queries our search does not make. The filtered
        # count stays, as Datasette always shows it (that is the cost it pays for "N rows").
        theirs = serve([sys.executable, "-m", "datasette", "serve", "-i", str(path), "--port", str(theirs_port),
                        "--setting", "sql_time_limit_ms", "60000", "--setting", "suggest_facets", "off"],
                       theirs_port, {}, Path(scratch) / "theirs.log")
        try:
            run(args, path.stem, f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{theirs_port}", two, three,
                subjects)
        finally:
            for process in (ours, theirs):
                process.terminate()
                process.wait(timeout=30)


def run(args: argparse.Namespace, db_name: str, ours: str, theirs: str, two: list[str], three: list[str],
        subjects: list[tuple[int, str]]) -> None:
    print(f"subjects: {args.size:,}  concurrency: {args.concurrency}  requests per measurement: {len(two):,}")
    scenarios: list[tuple[str, Callable[[str], str], Callable[[str], str], list[str]]] = [
        ("name search, 2 chars, JSON", lambda q: f"/api/v1/subjects?q={quote(q)}",
         lambda q: f"/{db_name}/subjects.json?name__contains={quote(q)}&_size=20", two),
        ("name search, 3 chars, JSON", lambda q: f"/api/v1/subjects?q={quote(q)}",
         lambda q: f"/{db_name}/subjects.json?name__contains={quote(q)}&_size=20", three),
        ("name search, 2 chars, HTML page", lambda q: f"/search?q={quote(q)}",
         lambda q: f"/{db_name}/subjects?name__contains={quote(q)}&_size=20", two),
    ]
    for label, our_path, their_path, fragments in scenarios:
        mine = measure(f"platform  {label}", ours, [our_path(q) for q in fragments], args.concurrency)
        reference = measure(f"datasette {label}", theirs, [their_path(q) for q in fragments], args.concurrency)
        print(ratio_line(label, mine, reference))
    if not args.page:
        return
    mine = measure("platform  subject page", ours, [f"/subjects/{code}" for _, code in subjects], args.concurrency)
    reference = measure("datasette row page", theirs, [f"/{db_name}/subjects/{i}" for i, _ in subjects],
                        args.concurrency)
    print(ratio_line("subject page / row page", mine, reference))


if __name__ == "__main__":
    main()
