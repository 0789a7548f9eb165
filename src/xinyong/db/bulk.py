"""Bulk inserts at the speed of the driver's own ``executemany``.

SQLAlchemy's executemany path builds and processes parameters row by row through its compiler;
for the million-row loads of collection and the registry that costs more than the insert itself.
``insert_rows`` converts each column once with its type's own bind processor (so JSON, moments
and dates are stored exactly as the ORM would store them) and hands plain tuples to the driver —
to ``executemany`` on SQLite, to ``COPY … FROM STDIN`` on PostgreSQL, its fastest way in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, Table

_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


@dataclass(frozen=True)
class Same:
    """A column's value on every row of a bulk insert: converted once, not once per row."""

    value: Any


def uniform(values: list[Any]) -> list[Any] | Same:
    """``Same`` when every value equals the first, else ``values``: for a column whose rows often
    share one value (a batch's moment, an auto-approved review), so that it is written once into
    the statement rather than bound on every row. Looking costs one C pass over the list."""
    return Same(values[0]) if values and values.count(values[0]) == len(values) else values


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]],
                stored: Collection[str] = ()) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one executemany.

    Columns named in ``stored`` come already in their stored form, as the UTF-8 bytes of their
    text (a JSON document as orjson writes it): see ``insert_columns``.
    """
    if rows:
        insert_columns(connection, table, len(rows), {c: [row[c] for row in rows] for c in rows[0]}, stored)


def insert_columns(connection: Connection, table: Table, count: int, columns: Mapping[str, Sequence[Any] | Same],
                   stored: Collection[str] = (), as_text: Collection[str] = (),
                   unless_taken: Sequence[str] = ()) -> int:
    """Insert ``count`` rows given column by column — a list of ``count`` values, or ``Same``.

    A bulk writer builds its columns directly: a dict for every row, taken apart again column by
    column, was a tenth of a collection batch's own work.

    Columns named in ``stored`` hold the UTF-8 bytes of their stored text, as made (a JSON
    document from orjson) or as a helper process sent them, so no string is made only to be
    encoded again for the driver. SQLite gets them as a ``bytearray`` and casts them to text in
    SQL: the sqlite3 module binds a bytearray as it is, but looks up an adapter for every
    ``bytes`` (0.5–1 µs each, more than the copy). PostgreSQL's ``COPY`` needs them as text.

    Columns named in ``as_text`` hold the text both databases take for their type (a date as
    ``2021-03-05``), passed as it is: the dates of a collection batch, made once per day in the
    process that prepares the rows, rather than converted again for every row here.

    ``unless_taken`` names the columns of a unique constraint (SQLite only): a row whose values
    there are taken already is left out instead of failing the statement. Returns how many rows
    went in.
    """
    if count <= 0:
        return 0
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(c) for c in columns)
    postgresql = dialect.name == "postgresql"
    if postgresql and unless_taken:
        raise ValueError("unless_taken: COPY cannot leave rows out; look the keys up first on PostgreSQL")
    to_driver: Callable[[bytes], Any] = _text if postgresql else bytearray
    # Column by column, so each type's processor runs in one tight map over its values.
    converted: list[Any] = []
    # SQLite: a column's one value is written into the statement, not bound on every row. Binding
    # a text copies it under a lock; a third of the texts a collection batch bound were such
    # constants, and writing them in cut the writer's instructions by 6 % (callgrind, 20,000 rows).
    constants: dict[str, str] = {}
    for column, values in columns.items():
        processor = to_driver if column in stored else None if column in as_text else (
            table.c[column].type.dialect_impl(dialect).bind_processor(dialect))
        if isinstance(values, Same):
            value = processor(values.value) if processor else values.value
            if not postgresql and (literal := _sqlite_literal(value)) is not None:
                constants[column] = literal
            else:
                converted.append(repeat(value, count))
        elif len(values) != count:
            raise ValueError(f"{table.name}.{column}: {len(values)} values for {count} rows")
        elif column in stored:
            converted.append(list(map(to_driver, values)))  # documents rarely repeat: not worth hashing
        else:
            converted.append(_processed(processor, values) if processor else values)
    # Lengths are checked above; a Same column repeats without end.
    tuples = zip(*converted, strict=False) if converted else repeat((), count)
    if postgresql:
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
            for row in tuples:
                copy.write_row(row)
        return count
    marker = _PLACEHOLDERS[dialect.paramstyle]
    markers = ", ".join(constants.get(column) or (f"CAST({marker} AS TEXT)" if column in stored else marker)
                        for column in columns)
    taken = f" ON CONFLICT ({', '.join(map(quote, unless_taken))}) DO NOTHING" if unless_taken else ""
    return connection.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({names}) VALUES ({markers}){taken}", list(tuples)).rowcount


def _sqlite_literal(value: Any) -> str | None:
    """``value`` as an SQLite literal, or None when it is better bound (a document, a float, a NUL)."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(int(value))  # a bool as 0 or 1, as the driver binds it
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def _text(stored: bytes) -> str:
    return stored.decode("utf-8")


def _processed(processor: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """Each distinct value processed once: a batch's moments and dates repeat on row after row
    (converting them one by one was 8 % of a collection batch)."""
    try:
        distinct = set(values)
    except TypeError:  # JSON documents are not hashable, and rarely repeat
        return list(map(processor, values))
    if len(distinct) == len(values):
        return list(map(processor, values))
    done = {value: processor(value) for value in distinct}
    return [done[value] for value in values]


def allocate_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """``count`` fresh primary keys for ``table``, so bulk inserts need not read them back.

    On PostgreSQL they come from the table's sequence. On SQLite they follow the largest id in
    use, which is safe only inside a write transaction (SQLite lets one writer in at a time):
    the caller must have written in this transaction already.
    """
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        sequence = connection.exec_driver_sql(
            "SELECT pg_get_serial_sequence(%s, 'id')", (table.name,)).scalar_one()
        return list(connection.exec_driver_sql(
            "SELECT nextval(%s) FROM generate_series(1, %s)", (sequence, count)).scalars())
    quote = connection.dialect.identifier_preparer.quote
    top = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {quote(table.name)}").scalar_one()
    return list(range(top + 1, top + 1 + count))
