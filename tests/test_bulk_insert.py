"""A bulk insert stores exactly what the ORM reads back — constants written into the statement,
documents handed over as the UTF-8 bytes of their JSON — on SQLite and PostgreSQL."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import select, text

from xinyong.db.bulk import Same, insert_columns
from xinyong.events.models import Event
from xinyong.platform import Platform


def _events(platform: Platform, kind: str) -> list[tuple[object, ...]]:
    with platform.db.session() as session:
        rows = session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)).all()
        return [(e.occurred_at, e.actor, e.subject_id, e.object_ref, e.payload, e.digest) for e in rows]


def test_constants_and_stored_documents_read_back_as_written(platform: Platform) -> None:
    now = platform.clock.now()
    payloads = [{"document_no": "珠环罚〔2025〕1号", "amount": "2.5"}, {"note": "it's \"quoted\"", "n": None}]
    with platform.db.session() as session:
        insert_columns(session.connection(), Event.__table__, 2, {
            "occurred_at": Same(now), "kind": Same("test:bulk'insert"), "actor": Same("department:O'Brien；部门"),
            "subject_id": Same(None), "object_ref": ["record:1", "record:2"],
            "payload": [orjson.dumps(p) for p in payloads], "digest": Same("d" * 64)}, stored=("payload",))
    assert _events(platform, "test:bulk'insert") == [
        (now, "department:O'Brien；部门", None, "record:1", payloads[0], "d" * 64),
        (now, "department:O'Brien；部门", None, "record:2", payloads[1], "d" * 64)]
    if platform.db.backend == "sqlite":
        # Stored as text, like a document the ORM writes (a blob would read back the same, but
        # SQLite's JSON functions and LIKE would not see it as text).
        with platform.db.session() as session:
            kinds = session.execute(text("SELECT DISTINCT typeof(payload) FROM events WHERE kind = :k"),
                                    {"k": "test:bulk'insert"}).scalars().all()
        assert kinds == ["text"]


def test_rows_made_only_of_constants_are_all_inserted(platform: Platform) -> None:
    now = platform.clock.now()
    with platform.db.session() as session:
        insert_columns(session.connection(), Event.__table__, 3, {
            "occurred_at": Same(now), "kind": Same("test:constant"), "actor": Same("system"),
            "subject_id": Same(None), "object_ref": Same(None), "payload": Same(b'{"k":"\xe5\x80\xbc"}'),
            "digest": Same("e" * 64)}, stored=("payload",))
    assert _events(platform, "test:constant") == [(now, "system", None, None, {"k": "值"}, "e" * 64)] * 3


def test_rows_whose_key_is_taken_are_left_out_and_counted_out_on_sqlite(platform: Platform) -> None:
    now = platform.clock.now()

    def insert(ids: list[int], actor: str) -> int:
        with platform.db.session() as session:
            return insert_columns(session.connection(), Event.__table__, len(ids), {
                "id": ids, "occurred_at": Same(now), "kind": Same("test:taken"), "actor": Same(actor),
                "subject_id": Same(None), "object_ref": Same(None), "payload": Same({}), "digest": Same("d" * 64)},
                unless_taken=("id",) if platform.db.backend == "sqlite" else ())

    first = insert([900_001], "first")
    if platform.db.backend == "postgresql":
        with pytest.raises(ValueError, match="COPY"), platform.db.session() as session:
            insert_columns(session.connection(), Event.__table__, 1, {"id": [900_002]}, unless_taken=("id",))
        return
    assert (first, insert([900_000, 900_001, 900_002], "second")) == (1, 2)
    with platform.db.session() as session:
        actors = session.execute(select(Event.id, Event.actor).where(Event.kind == "test:taken").order_by(Event.id))
        assert actors.all() == [(900_000, "second"), (900_001, "first"), (900_002, "second")]
