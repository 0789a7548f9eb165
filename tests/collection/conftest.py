from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from xinyong.catalog import Catalog, get_catalog
from xinyong.collection.cleaning import CleanRow, RowCleaner
from xinyong.collection.readers import open_source

FIXTURES = Path(__file__).parents[1] / "data" / "collection"
RECEIVED = date(2026, 11, 23)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return get_catalog()


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


ReadClean = Callable[[str, str], tuple[list[CleanRow], tuple[str, ...]]]


@pytest.fixture(scope="session")
def read_clean(catalog: Catalog) -> ReadClean:
    def read(filename: str, item_id: str) -> tuple[list[CleanRow], tuple[str, ...]]:
        """Every row of a fixture file, cleaned as the platform would on ``RECEIVED``; unknown columns."""
        item = catalog.item(item_id)
        with open_source(FIXTURES / filename, item) as source:
            cleaner = RowCleaner(catalog, item, received_on=RECEIVED, legacy_v1=source.header.legacy_v1)
            return [cleaner.clean(row) for row in source.rows()], source.header.unknown

    return read
