"""The one pipeline behind the three doors (command line, file upload, JSON push).

A batch is recorded as soon as it arrives; its rows are then read, cleaned, linked and written in
one transaction, so a batch that fails — or a process killed half way — leaves no row behind,
and sending the same file again gives exactly the state an uninterrupted run would have given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text, update

from xinyong.collection.feeding import Chunk, SourceInfo, chunks, file_chunks
from xinyong.collection.helper import helper_chunks
from xinyong.collection.linking import SubjectLinker
from xinyong.collection.models import Batch
from xinyong.collection.pausing import collector_paused
from xinyong.collection.readers import records_source
from xinyong.collection.review import review_policy
from xinyong.collection.writer import Counts, RecordWriter
from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Submission:
    """Who sends what, through which door."""

    department_code: str
    item_id: str
    door: str  # cli | upload | push
    actor: str
    file_name: str


@dataclass(frozen=True)
class BatchSummary:
    batch_id: int
    rows: int
    stored: int
    updated: int
    unchanged: int
    rejected: int
    reasons: dict[str, int]
    unknown_columns: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "rows": self.rows, "stored": self.stored, "updated": self.updated,
                "unchanged": self.unchanged, "rejected": self.rejected}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _open_batch(platform: Platform, submission: Submission, sha256: str | None) -> int:
    platform.catalog.check_supplies(submission.department_code, submission.item_id)
    now = platform.clock.now()
    with platform.db.session() as session:
        if sha256 is not None:
            # A batch of the same file left running was killed mid-way: nothing of it was kept.
            session.execute(update(Batch).where(
                Batch.department_code == submission.department_code, Batch.item_id == submission.item_id,
                Batch.file_sha256 == sha256, Batch.status == "running",
            ).values(status="interrupted", error="处理中断（进程终止），本批数据未入库，已由重新报送取代"))
        batch = Batch(department_code=submission.department_code, item_id=submission.item_id,
                      door=submission.door, file_name=submission.file_name, file_sha256=sha256, actor=submission.actor,
                      received_at=now, status="running")
        session.add(batch)
        session.flush()
        return batch.id


def _fail(platform: Platform, batch_id: int, message: str) -> None:
    with platform.db.session() as session:
        session.execute(update(Batch).where(Batch.id == batch_id).values(
            status="failed", error=message, finished_at=platform.clock.now()))


def _run(platform: Platform, batch_id: int, pieces: Iterator[SourceInfo | Chunk],
         progress: Progress | None) -> BatchSummary:
    catalog, clock = platform.catalog, platform.clock
    with platform.db.session() as session, platform.db.bulk_load(session), collector_paused():
        # Writing first takes SQLite's write lock for the whole batch (see ``allocate_ids``).
        session.execute(update(Batch).where(Batch.id == batch_id).values(status="running"))
        if platform.db.backend == "postgresql":
            # The tables grow by the batch as it runs: a plan cached while they were small (a
            # sequential scan) would make every later look-up scan everything written so far.
            session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        batch = session.get_one(Batch, batch_id)
        item = catalog.item(batch.item_id)
        registry = Registry(session, PersonIdVault(platform.keys), now=clock.now(), origin="collection",
                            origin_ref=f"batch:{batch.id}", authoritative=False)
        writer = RecordWriter(session, item=item, batch=batch,
                              linker=SubjectLinker(session, registry), policy=review_policy(catalog),
                              now=clock.now())
        info = next(pieces)
        assert isinstance(info, SourceInfo)
        for chunk in pieces:
            assert isinstance(chunk, Chunk)
            writer.write(chunk.count, chunk.bad, chunk.prepared)
            if progress:
                progress(chunk.count)
        counts: Counts = writer.counts
        batch.file_format, batch.encoding = info.format, info.encoding
        batch.header = {"row": info.header_row, "unknown": list(info.unknown), "legacy_v1": info.legacy_v1,
                        "reasons": counts.reasons}
        batch.rows, batch.stored, batch.updated = counts.rows, counts.stored, counts.updated
        batch.unchanged, batch.rejected = counts.unchanged, counts.rejected
        batch.status, batch.finished_at = "done", clock.now()
    return BatchSummary(batch_id, counts.rows, counts.stored, counts.updated, counts.unchanged, counts.rejected,
                        dict(counts.reasons), info.unknown)


def _received_on(platform: Platform) -> date:
    return platform.clock.now().date()


def ingest_file(platform: Platform, path: Path, submission: Submission,
                progress: Progress | None = None) -> BatchSummary:
    """Ingest a department's file (CSV in any Chinese encoding, XLSX, XLS or JSON)."""
    if not path.is_file():
        raise UserError(f"文件 {path} 不存在或不是普通文件")
    batch_id = _open_batch(platform, submission, file_sha256(path))
    try:
        # A large file is read, cleaned and prepared in a helper process while this one writes.
        feed = helper_chunks if path.stat().st_size >= platform.settings.collection_helper_min_bytes else file_chunks
        pieces = feed(path, submission.file_name, submission.item_id, platform.keys, _received_on(platform))
        return _run(platform, batch_id, pieces, progress)
    except UserError as error:
        _fail(platform, batch_id, error.message)
        raise
    except Exception as error:
        _fail(platform, batch_id, f"处理失败：{type(error).__name__}: {error}")
        raise


def ingest_records(platform: Platform, document: Any, submission: Submission) -> BatchSummary:
    """Ingest records pushed as JSON: one object, a list of objects, or ``{"records": [...]}``."""
    batch_id = _open_batch(platform, submission, None)
    try:
        item = platform.catalog.item(submission.item_id)
        records = [document] if isinstance(document, dict) and "records" not in document else document
        source = records_source(records, item, name=submission.file_name)
        return _run(platform, batch_id, chunks(source, item.id, platform.keys, _received_on(platform)), None)
    except UserError as error:
        _fail(platform, batch_id, error.message)
        raise
    except Exception as error:
        _fail(platform, batch_id, f"处理失败：{type(error).__name__}: {error}")
        raise
