"""Test fixtures: a real database per backend, a platform on it, a clock that travels.

Every test that takes ``platform`` (or anything built on it) runs once on SQLite and, when
``XINYONG_TEST_DATABASE_URL`` names a PostgreSQL server, once more on PostgreSQL. In CI
``XINYONG_TEST_REQUIRE_POSTGRESQL=1`` turns an unreachable server into a failure, not a skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from xinyong.clock import CHINA, FrozenClock
from xinyong.db.engine import Database, normalise_url
from xinyong.db.migrate import upgrade
from xinyong.db.models import metadata
from xinyong.keys import load_keys
from xinyong.platform import Platform
from xinyong.settings import Settings

# Real Chromium against a live server, for any test that asks for ``browser`` and ``live_server``.
pytest_plugins = ("tests.browser_support",)

PG_URL = os.environ.get("XINYONG_TEST_DATABASE_URL", "")
REQUIRE_PG = os.environ.get("XINYONG_TEST_REQUIRE_POSTGRESQL") == "1"
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL or REQUIRE_PG else [])

#: The day the tests live on unless they travel: a Monday that is a working day.
TEST_NOW = datetime(2026, 11, 23, 9, 30, tzinfo=CHINA)


def _postgres_database() -> Iterator[str]:
    if not PG_URL:
        pytest.fail("XINYONG_TEST_REQUIRE_POSTGRESQL=1 but XINYONG_TEST_DATABASE_URL is not set")
    admin = create_engine(normalise_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = f"xinyong_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            # pg_trgm and Chinese text need a UTF-8 ctype; template0 lets us choose it.
            connection.execute(text(
                f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
            ))
    except Exception as error:
        admin.dispose()
        message = f"PostgreSQL at {PG_URL} is not usable: {error}"
        if REQUIRE_PG:
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield make_url(normalise_url(PG_URL)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'xinyong.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    upgrade(db)
    yield db
    db.dispose()


def _wipe(db: Database) -> None:
    tables = [t.name for t in reversed(metadata.sorted_tables)]
    with db.engine.begin() as connection:
        if db.backend == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
            if connection.execute(text("SELECT 1 FROM sqlite_master WHERE name='sqlite_sequence'")).first():
                connection.execute(text("DELETE FROM sqlite_sequence"))


@pytest.fixture(scope="session")
def test_settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    # Every test starts on an empty database at the same frozen time: figures kept from another
    # test would be stale, so the home page counts on every request unless a test says otherwise.
    return Settings(database_url=database_url, secret_dir=tmp_path_factory.mktemp("secrets"), figures_cache_seconds=0)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(TEST_NOW)


@pytest.fixture
def platform(migrated_database: Database, test_settings: Settings, clock: FrozenClock) -> Iterator[Platform]:
    """A platform on an empty, fully migrated database, living at ``TEST_NOW``."""
    _wipe(migrated_database)
    yield Platform(settings=test_settings, db=migrated_database, clock=clock, keys=load_keys(test_settings))


@pytest.fixture
def data_dir() -> Path:
    return Path(__file__).parent / "data"
