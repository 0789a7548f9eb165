"""Portal under concurrent load: name search (and the subject page) against Datasette on the same file.

    python bench/portal_bench.py 1000000 [--db PATH] [--records N] [--concurrency 1,4,16] [--seconds 10]
                                         [--requests 2000] [--workers 1] [--page]

Builds a sample city of N subjects through the registry into a SQLite file (or reuses ``--db`` if it
already holds one) and gives it ``--records`` 行政处罚 records (default 5 per subject): a template
file goes through the real collection pipeline, and its stored records and versions are copied in
SQL onto other organisations (their names and codes written into each copy), so the subject page
reads an archive of realistic size. It then serves the file twice from subprocesses — the platform under uvicorn, and
Datasette (the reference, measured in the same run) on the same file — and fires the same requests
at both from ``wrk`` (Debian package ``wrk``) with ``--concurrency`` keep-alive connections, each
sending its next request when the last is answered, for ``--seconds`` after a short warm-up (each
measurement starts once the machine is quiet again: a server goes on with requests wrk gave up on):

- name search for 2- and 3-character fragments drawn from real names: ``/api/v1/subjects?q=`` against
  Datasette's ``/<db>/subjects.json?name__contains=`` (and the two HTML pages);
- with ``--page``, the subject page ``/subjects/{code}`` (basic information, list banners, record
  tabs, through the disclosure policy) against Datasette's row page of the same subject.

Prints p50/p99 latency and requests/s of each at each concurrency level, and the ratios
platform/Datasette. Datasette is one process; the platform is ``--workers`` uvicorn processes (one
by default). Once a server's cores are busy, latency is mostly time spent queueing. The load
generator shares the machine with both servers, so the figures are for comparison, not absolute
capacity.
"""

from __future__ import annotations

import argparse
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

from collection_bench import write_file
from xinyong.catalog import get_catalog
from xinyong.clock import Clock
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.db.engine import Database
from xinyong.db.migrate import upgrade
from xinyong.keys import load_keys
from xinyong.ledger.seal import seal_pending
from xinyong.platform import Platform
from xinyong.sample.city import CityGenerator
from xinyong.screening.following import follow_lists
from xinyong.settings import Settings
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry

TEMPLATE_ROWS = 20_000
LOAD_SCRIPT = Path(__file__).with_name("portal_load.lua")
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


def add_records(path: Path, count: int, seed: int) -> None:
    """``count`` 行政处罚 records: a template ingested for real, then copied onto other organisations."""
    url = f"sqlite:///{path}"
    with sqlite3.connect(path) as connection:
        if connection.execute("SELECT count(*) FROM records").fetchone()[0] or count <= 0:
            return
        firms = connection.execute("SELECT name, code, coalesce(legal_rep, '张伟') FROM subjects WHERE kind = "
                                   "'organisation' AND code_scheme = 'uscc' AND code_verdict = 'valid' "
                                   "AND canonical_id IS NULL ORDER BY id LIMIT 50000").fetchall()
    started = time.perf_counter()
    template = path.parent / "处罚模板.csv"
    write_file(template, min(TEMPLATE_ROWS, count), firms, seed)
    item = get_catalog().item("administrative_penalty")
    with Platform.open(Settings(database_url=url, secret_dir=path.parent / "secrets"), clock=Clock()) as platform:
        ingest_file(platform, template, Submission("STHJJ", item.id, "cli", "bench", template.name))
        # Caught up here, so the server does not seal and follow the template's events while measured.
        seal_pending(platform)
        follow_lists(platform)
    name_field, codes = item.role("subject_name"), item.role("subject_codes")
    code_field = codes if isinstance(codes, str) else codes[0]
    with sqlite3.connect(path) as connection:
        copy_records(connection, count, f"$.{name_field}", f"$.{code_field}")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"added {count:,} records in {time.perf_counter() - started:.0f} s")


def copy_records(connection: sqlite3.Connection, count: int, name_path: str, code_path: str) -> None:
    connection.executescript("""
        CREATE TEMP TABLE targets (n INTEGER PRIMARY KEY, id INTEGER, name TEXT, code TEXT);
        INSERT INTO targets (id, name, code) SELECT id, name, code FROM subjects
         WHERE kind = 'organisation' AND code_verdict = 'valid' AND canonical_id IS NULL ORDER BY id;
        CREATE TEMP TABLE template AS SELECT row_number() OVER (ORDER BY r.id) AS n, r.*, v.id AS version_id
          FROM records r JOIN record_versions v ON v.record_id = r.id;
    """)
    size = connection.execute("SELECT count(*) FROM template").fetchone()[0]
    targets = connection.execute("SELECT count(*) FROM targets").fetchone()[0]
    record_base = connection.execute("SELECT max(id) FROM records").fetchone()[0]
    version_base = connection.execute("SELECT max(id) FROM record_versions").fetchone()[0]
    columns = [row[1] for row in connection.execute("PRAGMA table_info(records)")]
    version_columns = [row[1] for row in connection.execute("PRAGMA table_info(record_versions)")]
    overrides = {"id": ":base + t.n", "record_key": "printf('%064d', :base + t.n)", "subject_id": "g.id"}
    version_overrides = {"id": ":version_base + t.n", "record_id": ":base + t.n",
                         "values": f"json_set(v.\"values\", '{name_path}', g.name, '{code_path}', g.code)"}
    record_select = ", ".join(overrides.get(c, f"t.\"{c}\"") for c in columns)
    version_select = ", ".join(version_overrides.get(c, f"v.\"{c}\"") for c in version_columns)
    for copy in range(1, (count + size - 1) // size):
        parameters = {"base": record_base + copy * size, "version_base": version_base + copy * size,
                      "offset": copy * size, "targets": targets}
        target = "JOIN targets g ON g.n = ((t.n * 7919 + :offset) % :targets) + 1"
        connection.execute(f"INSERT INTO records SELECT {record_select} FROM template t {target}", parameters)
        connection.execute(f"INSERT INTO record_versions SELECT {version_select} FROM template t {target} "
                           f"JOIN record_versions v ON v.id = t.version_id", parameters)
        connection.commit()


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


def load(base: str, paths: list[str], concurrency: int, seconds: int) -> Figures | None:
    """One ``wrk`` run: ``concurrency`` keep-alive connections, each sending its next path as soon as
    the last answer arrives. wrk's C event loop costs the server's cores far less than a Python
    client (httpx took ≈3.7 ms of CPU per request, as much as a search). None when no request was
    answered in the time: wrk counts only answers, and would report 0 ms."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        run = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "60s",
                              "-s", str(LOAD_SCRIPT), base, "--", listing.name],
                             capture_output=True, text=True, check=True)
    line = next(line for line in run.stdout.splitlines() if line.startswith("RESULT "))
    result = {key: int(value) for key, value in (part.split("=") for part in line.split()[1:])}
    if result["requests"] == 0:
        return None
    return Figures(result["p50_us"] / 1000, result["p99_us"] / 1000,
                   result["requests"] / (result["duration_us"] / 1e6), result["errors"])


def _busy_share(interval: float) -> float:
    """Share of the machine's CPU time spent working over ``interval`` seconds (from /proc/stat)."""
    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # idle + iowait
    total, idle = sample()
    time.sleep(interval)
    total2, idle2 = sample()
    return 1 - (idle2 - idle) / max(1, total2 - total)


def wait_for_quiet(limit: float = 60) -> None:
    """A server keeps working on requests the load generator gave up on when its run ended
    (Datasette on a slow query, for seconds): the next measurement starts when that is done."""
    deadline = time.monotonic() + limit
    while _busy_share(0.5) > 0.15 and time.monotonic() < deadline:
        pass


def measure(label: str, base: str, paths: list[str], concurrency: int, seconds: int) -> Figures:
    wait_for_quiet()
    # Warm caches and the server's first requests (Datasette may answer none of them in time).
    load(base, paths, concurrency, max(1, seconds // 5))
    figures = load(base, paths, concurrency, seconds)
    if figures is None:
        # A server that stops answering would otherwise read as 0 ms.
        raise RuntimeError(f"{base} 在 {seconds} 秒内没有应答任何请求（{concurrency} 个在途）")
    print(figures.line(label))
    return figures


def ratio_line(label: str, ours: Figures, theirs: Figures) -> str:
    return (f"{label:<44} p99 platform/datasette {ours.p99_ms / theirs.p99_ms:6.2f}   "
            f"req/s platform/datasette {ours.per_second / theirs.per_second:6.2f}")


def _levels(text: str) -> list[int]:
    try:
        levels = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"并发数应为逗号分隔的正整数：{text}") from None
    if not levels or min(levels) < 1:
        raise argparse.ArgumentTypeError(f"并发数应为逗号分隔的正整数：{text}")
    return levels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, nargs="?", default=1_000_000, help="number of subjects")
    parser.add_argument("--db", type=Path, help="SQLite file to build into or reuse (default: a temporary one)")
    parser.add_argument("--records", type=int, help="行政处罚 records to add (default: 5 per subject)")
    parser.add_argument("--concurrency", type=_levels, default=[16],
                        help="requests in flight; a comma-separated list measures each level in turn")
    parser.add_argument("--requests", type=int, default=500,
                        help="distinct fragments and subjects drawn; each measurement cycles through them")
    parser.add_argument("--seconds", type=int, default=10, help="length of each measurement (after a warm-up)")
    parser.add_argument("--workers", type=int, default=1, help="platform server processes (uvicorn --workers)")
    parser.add_argument("--page", action="store_true", help="also measure the subject page against the row page")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = (args.db or Path(scratch) / "bench.db").resolve()
        build(path, args.size, args.seed)
        add_records(path, args.size * 5 if args.records is None else args.records, args.seed)
        two, three, subjects = samples(path, args.requests, args.seed)
        ours_port, theirs_port = free_port(), free_port()
        env = {"XINYONG_DATABASE_URL": f"sqlite:///{path}", "XINYONG_SECRET_DIR": str(path.parent / "secrets"),
               "XINYONG_RATE_LIMIT_ENABLED": "false", "XINYONG_LOG_LEVEL": "WARNING"}
        ours = serve([sys.executable, "-m", "uvicorn", "--factory", "xinyong.web.app:create_app", "--port",
                      str(ours_port), "--workers", str(args.workers), "--log-level", "warning", "--no-access-log"],
                     ours_port, env, Path(scratch) / "ours.log")
        # Facet suggestions off: they are extra queries our search does not make. The filtered
        # count stays, as Datasette always shows it (that is the cost it pays for "N rows").
        theirs = serve([sys.executable, "-m", "datasette", "serve", "-i", str(path), "--port", str(theirs_port),
                        "--setting", "sql_time_limit_ms", "60000", "--setting", "suggest_facets", "off"],
                       theirs_port, {}, Path(scratch) / "theirs.log")
        try:
            for concurrency in args.concurrency:
                run(args, concurrency, path.stem, f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{theirs_port}",
                    two, three, subjects)
        finally:
            for process in (ours, theirs):
                process.terminate()
                process.wait(timeout=30)


def run(args: argparse.Namespace, concurrency: int, db_name: str, ours: str, theirs: str, two: list[str],
        three: list[str], subjects: list[tuple[int, str]]) -> None:
    print(f"subjects: {args.size:,}  concurrency: {concurrency}  platform processes: {args.workers}  "
          f"seconds per measurement: {args.seconds}  distinct queries: {len(two):,}")
    scenarios: list[tuple[str, Callable[[str], str], Callable[[str], str], list[str]]] = [
        ("name search, 2 chars, JSON", lambda q: f"/api/v1/subjects?q={quote(q)}",
         lambda q: f"/{db_name}/subjects.json?name__contains={quote(q)}&_size=20", two),
        ("name search, 3 chars, JSON", lambda q: f"/api/v1/subjects?q={quote(q)}",
         lambda q: f"/{db_name}/subjects.json?name__contains={quote(q)}&_size=20", three),
        ("name search, 2 chars, HTML page", lambda q: f"/search?q={quote(q)}",
         lambda q: f"/{db_name}/subjects?name__contains={quote(q)}&_size=20", two),
    ]
    for label, our_path, their_path, fragments in scenarios:
        mine = measure(f"platform  {label}", ours, [our_path(q) for q in fragments], concurrency,
                       args.seconds)
        reference = measure(f"datasette {label}", theirs, [their_path(q) for q in fragments], concurrency,
                            args.seconds)
        print(ratio_line(label, mine, reference))
    if not args.page:
        return
    mine = measure("platform  subject page", ours, [f"/subjects/{code}" for _, code in subjects], concurrency,
                   args.seconds)
    reference = measure("datasette row page", theirs, [f"/{db_name}/subjects/{i}" for i, _ in subjects],
                        concurrency, args.seconds)
    print(ratio_line("subject page / row page", mine, reference))


if __name__ == "__main__":
    main()
