"""Opening the database: one ``Database`` per process, SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """Pin PostgreSQL URLs to psycopg 3, the driver the project installs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_bytes(value: Any) -> bytes:
    """A JSON document as the UTF-8 bytes of its stored text (see ``db.bulk``'s ``stored`` columns)."""
    return orjson.dumps(value, default=_json_default)


def dump_json(value: Any) -> str:
    """JSON columns are written with orjson: a million-row load writes several million documents."""
    return json_bytes(value).decode("utf-8")


MMAP_SIZE = 1 << 40
CACHE_KIB = 64 << 10
# A collection batch extends the indexes of records, versions and events at places its keys and
# subjects scatter: at a million rows they outgrow 64 MiB, and inserts re-read pages evicted a
# moment before (1,000,000 rows: 103 s with 64 MiB, 95 s with 256 MiB, 97 s with 512 MiB, 90 s
# with 1 GiB — runs on a shared machine that vary by several seconds).
BULK_CACHE_KIB = 512 << 10
# SQLite's default page is 4 KiB; a record's version (its values, as received and as cleaned)
# is about 1 KiB, so few fit on a page and every table and index is deeper and wider in pages.
# With 16 KiB pages a collection batch wrote 100,000 rows in ~15–20 % less time (paired runs,
# same chunks). The raw-insert reference gained too, by an amount too noisy to state (medians of
# 1.47 s and 1.02 s in five pairs, no clear difference in three more). Only a new file takes it.
PAGE_SIZE = 16 << 10


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA page_size={PAGE_SIZE}")  # before WAL: a file in WAL mode keeps its page size
    # WAL lets the portal read while an ingest writes; NORMAL is durable at checkpoints.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute("PRAGMA temp_store=MEMORY")
    # Reads come straight from the OS page cache, shared by every connection, instead of being
    # copied into each one's own cache: a portal search on a million subjects spends ~20% less CPU.
    # SQLite lowers the request to its build's maximum (2 GiB in Debian's).
    cursor.execute(f"PRAGMA mmap_size={MMAP_SIZE}")
    cursor.close()


_BULK = "xinyong_bulk_load"


def _after_bulk_load(dbapi_connection: Any, record: Any) -> None:
    """A connection a bulk load used goes back to the pool with the usual settings."""
    if dbapi_connection is None or not record.info.pop(_BULK, False):
        return
    dbapi_connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               json_serializer=dump_json, json_deserializer=orjson.loads)
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "checkin", _after_bulk_load)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, json_serializer=dump_json,
                         json_deserializer=orjson.loads)


class Database:
    """The engine and the session factory, created once and handed to whoever needs them."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back otherwise."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ends_in_place(self, session: Session) -> bool:
        """Whether ending ``session`` needs neither the disk nor the network: SQLite, nothing left to
        flush and no write transaction open (the sqlite3 module opens one only before a write).
        Such a unit of work — every page view and search — can end without a trip to a worker thread."""
        if self.backend != "sqlite" or session.new or session.dirty or session.deleted:
            return False
        return not session.in_transaction() or not session.connection().connection.driver_connection.in_transaction

    @contextmanager
    def bulk_load(self, session: Session) -> Iterator[None]:
        """On SQLite, settings for a bulk load in the session's connection, back to the usual ones
        when the connection returns to the pool — after the commit or rollback, even a failed one.

        A larger page cache (see ``BULK_CACHE_KIB``), and no foreign-key check on each row: a
        bulk writer writes only keys it made itself in the same transaction — ids it allocated,
        subjects it linked — and the check was 5–9 % of the writer's time in a collection batch.
        The pragma must come before the transaction's first write (SQLite ignores it inside one),
        so this is entered first thing in the session.
        """
        if self.backend != "sqlite":
            yield
            return
        pooled = session.connection().connection
        driver = pooled.driver_connection
        pooled.info[_BULK] = True
        driver.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        if not driver.in_transaction:
            driver.execute("PRAGMA foreign_keys=OFF")
        yield

    def dispose(self) -> None:
        self.engine.dispose()
