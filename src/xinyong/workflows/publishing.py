"""Records the workflows publish — a commitment, its 履约状态, a breach — go through the one
collection pipeline as the accepting department's push, so they are cleaned, linked, reviewed,
published and journalled like every other record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from xinyong.collection.models import RowRejection
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.records.models import Record


def push_record(platform: Platform, *, department: str, item_id: str, values: dict[str, Any], actor: str,
                document_no: str) -> int:
    """Push one record and return its id; the pipeline's reasons become the error if it refuses it.

    Pushing the same values again finds the same record (the pipeline is idempotent by key), so a
    step that failed after its push can simply be repeated.
    """
    summary = ingest_records(platform, values, Submission(department, item_id, "push", actor, "业务协同推送"))
    with platform.db.session() as session:
        if summary.rejected:
            reasons = session.scalars(select(RowRejection.reasons)
                                      .where(RowRejection.batch_id == summary.batch_id)).first() or []
            name = platform.catalog.item(item_id).name
            raise UserError(f"{name}未能入库：" + "；".join(str(r.get("message")) for r in reasons))
        record_id = session.scalar(select(Record.id).where(Record.item_id == item_id,
                                                           Record.department_code == department,
                                                           Record.document_no == document_no))
    if record_id is None:
        raise UserError(f"{platform.catalog.item(item_id).name}“{document_no}”入库后未找到，请联系信用办")
    return record_id
