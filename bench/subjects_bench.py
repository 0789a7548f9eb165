"""Subject bulk load: rows/s through the registry against a raw executemany of the same rows.

    python bench/subjects_bench.py 1000000 [--database-url URL]

Both run in the same process on the same database: first the reference (the subject rows, already
prepared, inserted with the driver's ``executemany`` into a table of the same shape), then the
registry path (code checks, classification, encryption of ID numbers, look-ups of existing codes,
inserts of subjects, old codes and names). Generating the city is timed separately.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from xinyong.clock import Clock
from xinyong.db.engine import Database
from xinyong.db.migrate import upgrade
from xinyong.db.models import metadata
from xinyong.keys import load_keys
from xinyong.sample.city import CityGenerator
from xinyong.settings import Settings
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import CHUNK, Registry


def raw_insert(db: Database, rows: list[dict]) -> float:
    """The reference: the driver's executemany of the same rows into a table of the same shape."""
    columns = list(rows[0])
    placeholder = "?" if db.backend == "sqlite" else "%s"
    types = {c.name: c.type for c in metadata.tables["subjects"].columns}
    dialect = db.engine.dialect
    processors = [types[c].dialect_impl(dialect).bind_processor(dialect) for c in columns]
    values = [tuple(p(row[c]) if p else row[c] for c, p in zip(columns, processors, strict=True)) for row in rows]
    with db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE bench_raw AS SELECT * FROM subjects WHERE 1 = 0")
    sql = f"INSERT INTO bench_raw ({', '.join(columns)}) VALUES ({', '.join([placeholder] * len(columns))})"
    started = time.perf_counter()
    with db.engine.begin() as connection:
        cursor = connection.connection.cursor()
        for start in range(0, len(values), CHUNK):
            cursor.executemany(sql, values[start:start + CHUNK])
    elapsed = time.perf_counter() - started
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE bench_raw")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, nargs="?", default=1_000_000, help="number of subjects")
    parser.add_argument("--database-url", default="", help="database to use (default: a new SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'bench.db'}"
        settings = Settings(database_url=url, secret_dir=Path(scratch) / "secrets")
        db = Database(url)
        upgrade(db)
        vault = PersonIdVault(load_keys(settings))
        now = Clock().now()

        started = time.perf_counter()
        entries = [s.entry for s in CityGenerator(args.seed).generate(args.size)]
        generated = time.perf_counter() - started
        print(f"generated {len(entries):,} subjects in {generated:.1f} s")

        with db.session() as session:
            registry = Registry(session, vault, now=now, origin="bench")
            rows = [registry.row(p, None) for p in map(registry.prepare, entries) if p is not None]
        raw = raw_insert(db, rows)

        started = time.perf_counter()
        with db.session() as session:
            registry = Registry(session, vault, now=now, origin="bench")
            for start in range(0, len(entries), 50_000):
                registry.register_many(entries[start:start + 50_000])
                session.commit()
        ours = time.perf_counter() - started
        db.dispose()

    print(f"backend: {db.backend}, subjects: {len(entries):,}")
    print(f"raw executemany insert: {len(rows) / raw:12,.0f} rows/s ({raw:.1f} s)")
    print(f"registry bulk load:     {len(entries) / ours:12,.0f} rows/s ({ours:.1f} s)")
    print(f"ratio registry/raw:     {raw / ours:.3f}")


if __name__ == "__main__":
    main()
