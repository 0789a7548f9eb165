"""A bulk load gets a larger SQLite page cache and no per-row foreign-key check; the pooled
connection gets the usual settings back once the load has committed or failed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xinyong.db.engine import BULK_CACHE_KIB, CACHE_KIB, PAGE_SIZE, Database


def _settings(session: Session) -> tuple[int, int]:
    return (-session.execute(text("PRAGMA cache_size")).scalar_one(),
            session.execute(text("PRAGMA foreign_keys")).scalar_one())


def _database(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'bulk.db'}")
    with db.session() as session:
        session.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        session.execute(text("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))"))
    return db


def test_a_bulk_load_has_its_settings_only_while_it_runs(tmp_path: Path) -> None:
    db = _database(tmp_path)
    with db.session() as session:
        assert _settings(session) == (CACHE_KIB, 1)
    with db.session() as session, db.bulk_load(session):
        assert _settings(session) == (BULK_CACHE_KIB, 0)
        session.execute(text("INSERT INTO parent (id) VALUES (1)"))
        session.execute(text("INSERT INTO child (id, parent_id) VALUES (1, 1)"))
    with db.session() as session:
        assert _settings(session) == (CACHE_KIB, 1)
        assert session.execute(text("SELECT count(*) FROM child")).scalar_one() == 1
    db.dispose()


def test_after_a_failed_bulk_load_the_connection_checks_foreign_keys_again(tmp_path: Path) -> None:
    db = _database(tmp_path)
    with pytest.raises(RuntimeError), db.session() as session, db.bulk_load(session):
        session.execute(text("INSERT INTO parent (id) VALUES (1)"))
        raise RuntimeError("the load failed half way")
    with db.session() as session:
        assert _settings(session) == (CACHE_KIB, 1)
        assert session.execute(text("SELECT count(*) FROM parent")).scalar_one() == 0
    with pytest.raises(IntegrityError), db.session() as session:
        session.execute(text("INSERT INTO child (id, parent_id) VALUES (2, 99)"))
    db.dispose()


def test_a_new_database_is_made_of_16_kib_pages(tmp_path: Path) -> None:
    db = _database(tmp_path)
    with db.session() as session:
        assert session.execute(text("PRAGMA page_size")).scalar_one() == PAGE_SIZE == 16384
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    db.dispose()
