"""Plain statements run on the driver's own cursor.

SQLAlchemy's execution and result layers cost about 0.2 ms a statement, more than SQLite spends
answering most of the small look-ups of a search or a collection chunk; a ``text`` statement is
compiled once per dialect and then handed to the driver as it is.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Dialect, TextClause
from sqlalchemy.orm import Session


@cache
def _driver_form(statement: TextClause, dialect: Dialect) -> tuple[str, tuple[str, ...], bool]:
    """The statement as the driver takes it, the names of its parameters, and whether they go by position."""
    compiled = statement.compile(dialect=dialect)
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
    return compiled.string, names, compiled.positional


def fetch(session: Session, statement: TextClause, values: dict[str, object]) -> list[tuple]:
    """The rows of a plain statement, read on the session's connection with the driver's cursor."""
    connection = session.connection()
    sql, names, positional = _driver_form(statement, connection.dialect)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, tuple(values[n] for n in names) if positional else {n: values[n] for n in names})
        return cursor.fetchall()
    finally:
        cursor.close()
