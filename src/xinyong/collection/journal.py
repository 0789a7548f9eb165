"""What collection tells the event journal about records, and how the journal's readers find them.

A reviewer's approval or a department's revocation through the API concerns one record and is
one event (``collection:record:<action>``, about ``record:<id>`` and its subject). A batch
writes its records a chunk at a time, and says so once per chunk and action
(``collection:records:<action>``, about ``batch:<id>``): the payload lists, for every record,
its id, subject, version, content hash and decision document number, so the sealed journal
still proves each one. One event per record cost the writing process a quarter of its CPU time
(one run each of 1,000,000 rows: 159.0 s with them, 121.5 s without).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, or_

from xinyong.events.models import Event

RECORD_KIND, CHUNK_KIND = "collection:record:", "collection:records:"
COLUMNS = ("record", "subject", "version", "content_hash", "document_no")
Entry = tuple[int, int | None, int, str, str | None]


def about_chunks() -> ColumnElement[bool]:
    """The journal's events about a batch's chunk of records."""
    return Event.kind.startswith(CHUNK_KIND, autoescape=True)


def about_records() -> ColumnElement[bool]:
    """The journal's events about collected records, in either form."""
    return or_(Event.kind.startswith(RECORD_KIND, autoescape=True), about_chunks())


def chunk_event(action: str, *, at: datetime, actor: str, batch_id: int, item_id: str, department: str,
                entries: list[Entry]) -> dict[str, Any]:
    """The keyword arguments of ``append_event`` for one chunk's records that ``action`` concerns."""
    return {"at": at, "kind": CHUNK_KIND + action, "actor": actor, "subject_id": None,
            "object_ref": f"batch:{batch_id}",
            "payload": {"item": item_id, "department": department, "columns": list(COLUMNS), "records": entries}}


def named_records(kind: str, object_ref: str | None, subject_id: int | None,
                  payload: dict[str, Any]) -> Iterator[tuple[int, int | None]]:
    """The (record, subject) pairs an event about collected records names."""
    if kind.startswith(CHUNK_KIND):
        for entry in payload["records"]:
            yield entry[0], entry[1]
    elif kind.startswith(RECORD_KIND) and object_ref and object_ref.startswith("record:"):
        yield int(object_ref.removeprefix("record:")), subject_id
