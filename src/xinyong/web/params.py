"""Parameter types shared by the routes: numbers the databases can hold."""

from typing import Annotated

from fastapi import Path, Query

#: Largest id or size any table holds (BIGINT on PostgreSQL, INTEGER on SQLite: 64-bit signed).
MAX_ID = 2**63 - 1

RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="编号")]
Index = Annotated[int, Path(ge=0, le=MAX_ID, description="序号，从 0 起")]


def count_query(description: str, default: int | None = None) -> int | None:
    """A size or index in the query string, within what the databases can hold."""
    return Query(default, ge=0, le=MAX_ID, description=description)
