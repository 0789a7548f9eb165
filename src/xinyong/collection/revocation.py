"""Revoking a decision (撤销) outside a file: the supplying department says it no longer stands."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.collection.journal import RECORD_KIND
from xinyong.errors import Conflict, Forbidden, NotFound, UserError
from xinyong.events import append_event
from xinyong.records.models import Record, RecordStatus, RecordVersion


def revoke_record(session: Session, record_id: int, *, department_code: str, reason: str, at: datetime,
                  actor: str) -> Record:
    """The record leaves public view at once; its versions and this revocation stay on file."""
    if not reason.strip():
        raise UserError("撤销时须说明理由（如：行政复议撤销原处罚决定）")
    record = session.get(Record, record_id)
    if record is None:
        raise NotFound(f"记录 {record_id} 不存在")
    if record.department_code != department_code:
        raise Forbidden(f"记录 {record_id} 由 {record.department_code} 报送，只有报送部门可以撤销")
    if record.status == RecordStatus.REVOKED.value:
        raise Conflict(f"记录 {record_id} 已于 {record.revoked_at:%Y-%m-%d} 撤销")
    latest = session.scalar(select(RecordVersion).where(RecordVersion.record_id == record.id,
                                                        RecordVersion.version == record.latest_version))
    assert latest is not None
    version = record.latest_version + 1
    session.add(RecordVersion(record_id=record.id, version=version, change="revoke", values=latest.values,
                              sealed=latest.sealed, raw={"撤销理由": reason, "途径": "接口"},
                              content_hash=latest.content_hash, batch_id=None, row_no=0, received_at=at,
                              review="approved", reviewed_by=actor, reviewed_at=at, review_note=reason, diff={}))
    record.latest_version, record.status, record.revoked_at = version, RecordStatus.REVOKED.value, at
    append_event(session, at=at, kind=RECORD_KIND + "withdrawn", actor=actor, subject_id=record.subject_id,
                 object_ref=f"record:{record.id}", payload={"item": record.item_id, "version": version,
                                                            "reason": reason, "document_no": record.document_no})
    return record
