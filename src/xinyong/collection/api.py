"""Collection over HTTP: file upload, real-time push, batches and their reports, revocation,
review and quality — for departments' business systems (Bearer token) and the portal."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Body, Depends, File, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.collection import review
from xinyong.collection.models import Batch
from xinyong.collection.pipeline import BatchSummary, Submission, ingest_file, ingest_records
from xinyong.collection.quality import monthly_quality, quality_overview
from xinyong.collection.report import as_csv, as_xlsx, batch_report
from xinyong.collection.revocation import revoke_record
from xinyong.errors import Forbidden, NotFound
from xinyong.platform import Platform
from xinyong.subjects.lookup import get_subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.auth import require
from xinyong.web.deps import get_platform, get_session
from xinyong.web.params import RowId

router = APIRouter(prefix="/api/v1", tags=["归集 collection"])
_SUPPLIERS = require(Audience.DEPARTMENT, Audience.OFFICE)
_OFFICE = require(Audience.OFFICE)
MAX_UPLOAD = 512 * 1024 * 1024


class BatchOut(BaseModel):
    batch_id: int
    rows: int
    stored: int
    updated: int
    unchanged: int
    rejected: int
    reasons: dict[str, int] = Field(description="退回原因代码及次数")
    unknown_columns: list[str] = Field(description="未识别、已忽略的列")
    report_csv: str
    report_xlsx: str


def _out(summary: BatchSummary) -> BatchOut:
    base = f"/api/v1/collection/batches/{summary.batch_id}"
    return BatchOut(**summary.as_dict(), reasons=summary.reasons, unknown_columns=list(summary.unknown_columns),
                    report_csv=f"{base}/report.csv", report_xlsx=f"{base}/report.xlsx")


def acting_department(viewer: Viewer, department: str | None) -> str:
    """The department a submission is for: a department account's own, or one the office names."""
    if viewer.audience is Audience.DEPARTMENT:
        if department and department != viewer.department_code:
            raise Forbidden(f"令牌属于部门 {viewer.department_code}，不能代部门 {department} 报送或操作")
        return viewer.department_code or ""
    if not department:
        raise Forbidden("信用办账号须用 department 参数指明代哪个部门操作")
    return department


@router.post("/collection/{item_id}/files", response_model=BatchOut, summary="上传文件归集")
def upload(item_id: str, file: UploadFile = File(..., description="CSV（UTF-8/GBK/GB18030）、XLSX、XLS 或 JSON"),
           department: str | None = Query(None, description="部门代码（部门账号可省略）"),
           viewer: Viewer = Depends(_SUPPLIERS), platform: Platform = Depends(get_platform)) -> BatchOut:
    code = acting_department(viewer, department)
    name = Path(file.filename or "upload").name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            size = 0
            while block := file.file.read(1 << 20):
                size += len(block)
                if size > MAX_UPLOAD:
                    raise Forbidden(f"文件超过 {MAX_UPLOAD >> 20} MB 的上限，请拆分后报送或使用命令行导入")
                out.write(block)
        submission = Submission(department_code=code, item_id=item_id, door="upload", actor=viewer.actor,
                                file_name=name)
        return _out(ingest_file(platform, path, submission))


@router.post("/collection/{item_id}/records", response_model=BatchOut, summary="实时推送记录")
def push(item_id: str,
         body: Any = Body(..., description="一条记录、记录数组，或 {\"records\": [...]}；键为字段代码或中文名"),
         department: str | None = Query(None, description="部门代码（部门账号可省略）"),
         viewer: Viewer = Depends(_SUPPLIERS), platform: Platform = Depends(get_platform)) -> BatchOut:
    code = acting_department(viewer, department)
    submission = Submission(department_code=code, item_id=item_id, door="push", actor=viewer.actor,
                            file_name="实时推送")
    return _out(ingest_records(platform, body, submission))


def _batch(session: Session, viewer: Viewer, batch_id: int) -> Batch:
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(f"批次 {batch_id} 不存在")
    if viewer.audience is Audience.DEPARTMENT and batch.department_code != viewer.department_code:
        raise Forbidden(f"批次 {batch_id} 属于其他部门")
    return batch


@router.get("/collection/batches", summary="报送批次")
def batches(page: int = Query(1, ge=1, le=10_000), department: str | None = None,
            viewer: Viewer = Depends(_SUPPLIERS), session: Session = Depends(get_session),
            platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    size = min(50, platform.settings.page_size_max)
    query = select(Batch).order_by(Batch.id.desc())
    code = viewer.department_code if viewer.audience is Audience.DEPARTMENT else department
    if code:
        query = query.where(Batch.department_code == code)
    found = session.scalars(query.limit(size + 1).offset((page - 1) * size)).all()
    return {"page": page, "has_more": len(found) > size, "batches": [
        {"batch_id": b.id, "department": b.department_code, "item": b.item_id, "door": b.door, "file": b.file_name,
         "received_at": b.received_at.isoformat(), "status": b.status, "rows": b.rows, "stored": b.stored,
         "updated": b.updated, "unchanged": b.unchanged, "rejected": b.rejected, "error": b.error}
        for b in found[:size]]}


@router.get("/collection/batches/{batch_id}/report.{kind}", summary="报送回执（CSV 或 XLSX）")
def report(batch_id: RowId, kind: str, viewer: Viewer = Depends(_SUPPLIERS), session: Session = Depends(get_session),
           platform: Platform = Depends(get_platform)) -> Response:
    if kind not in ("csv", "xlsx"):
        raise NotFound("回执只有 csv 和 xlsx 两种格式")
    _batch(session, viewer, batch_id)
    found = batch_report(session, platform.catalog, batch_id)
    media = "text/csv; charset=utf-8" if kind == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    body = as_csv(found) if kind == "csv" else as_xlsx(found)
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="batch-{batch_id}-report.{kind}"'})


class Reason(BaseModel):
    reason: str = Field(..., min_length=1, max_length=500, description="理由")


@router.post("/records/{record_id}/revoke", summary="撤销本部门报送的决定")
def revoke(record_id: RowId, body: Reason, department: str | None = Query(None),
           viewer: Viewer = Depends(_SUPPLIERS), session: Session = Depends(get_session),
           platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    record = revoke_record(session, record_id, department_code=acting_department(viewer, department),
                           reason=body.reason, at=platform.clock.now(), actor=viewer.actor)
    return {"record_id": record.id, "status": record.status, "revoked_at": record.revoked_at.isoformat()}


@router.get("/review/queue", summary="待审核记录（信用办）")
def queue(page: int = Query(1, ge=1, le=10_000), viewer: Viewer = Depends(_OFFICE),
          session: Session = Depends(get_session)) -> dict[str, Any]:
    found = review.pending_versions(session, limit=51, offset=(page - 1) * 50)
    return {"page": page, "has_more": len(found) > 50, "versions": [
        {"version_id": v.id, "record_id": r.id, "item": r.item_id, "department": r.department_code,
         "change": v.change, "version": v.version, "subject_id": r.subject_id, "link_state": r.link_state,
         "document_no": r.document_no, "values": v.values, "diff": v.diff, "row_no": v.row_no,
         "batch_id": v.batch_id} for v, r in found[:50]]}


class Decision(BaseModel):
    note: str = Field("", max_length=500, description="审核意见（退回时必填）")
    subject: str | None = Field(None, description="待关联记录须指定主体：代码或 #编号")


@router.post("/review/{version_id}/approve", summary="审核通过")
def approve(version_id: RowId, body: Decision, viewer: Viewer = Depends(_OFFICE),
            session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    subject_id = get_subject(session, PersonIdVault(platform.keys), body.subject).id if body.subject else None
    record = review.approve(session, version_id, reviewer=viewer.actor, at=platform.clock.now(), note=body.note,
                            subject_id=subject_id)
    return {"record_id": record.id, "status": record.status, "approved_version": record.approved_version}


@router.post("/review/{version_id}/reject", summary="审核退回")
def reject(version_id: RowId, body: Decision, viewer: Viewer = Depends(_OFFICE),
           session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    record = review.reject(session, version_id, reviewer=viewer.actor, at=platform.clock.now(), note=body.note)
    return {"record_id": record.id, "status": record.status, "approved_version": record.approved_version}


@router.get("/collection/quality", summary="归集质量（按部门、按月）")
def quality(month: str = Query(..., pattern=r"^\d{4}-\d{2}$", description="YYYY-MM"),
            department: str | None = None, viewer: Viewer = Depends(_SUPPLIERS),
            session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    if viewer.audience is Audience.DEPARTMENT:
        department = acting_department(viewer, department)
    if department:
        return monthly_quality(session, platform.catalog, platform.calendar, department, month).as_dict()
    return {"month": month, "departments": [q.as_dict() for q in
                                            quality_overview(session, platform.catalog, platform.calendar, month)]}
