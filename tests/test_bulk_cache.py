"""A bulk load gets a larger SQLite page cache, and the pooled connection gets its usual one back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from xinyong.db.engine import BULK_CACHE_KIB, CACHE_KIB, Database


def _cache_kib(session: Session) -> int:
    return -session.execute(text("PRAGMA cache_size")).scalar_one()


def test_a_bulk_load_has_the_larger_cache_only_while_it_runs(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'cache.db'}")
    with db.session() as session:
        assert _cache_kib(session) == CACHE_KIB
        with db.bulk_cache(session):
            assert _cache_kib(session) == BULK_CACHE_KIB
        assert _cache_kib(session) == CACHE_KIB
    with db.session() as session:
        with pytest.raises(RuntimeError), db.bulk_cache(session):
            raise RuntimeError("the load failed half way")
        assert _cache_kib(session) == CACHE_KIB
    db.dispose()
