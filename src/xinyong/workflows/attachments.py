"""Files given with an objection or a repair application: checked, stored with their digest, read back."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.errors import NotFound, UserError
from xinyong.workflows.models import Attachment

MAX_FILE = 10 * 1024 * 1024
MAX_FILES = 10
ALLOWED = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt", ".ofd", ".zip"}


@dataclass(frozen=True)
class Upload:
    material: str
    file_name: str
    content_type: str
    data: bytes


def check_uploads(uploads: Sequence[Upload]) -> None:
    """Refuse, before anything is written, files a reviewer could not use."""
    if len(uploads) > MAX_FILES:
        raise UserError(f"附件过多：最多 {MAX_FILES} 个，实际 {len(uploads)} 个")
    for upload in uploads:
        suffix = PurePath(upload.file_name).suffix.lower()
        if suffix not in ALLOWED:
            raise UserError(f"附件“{upload.file_name}”的类型 {suffix or '（无扩展名）'} 不受理，"
                            f"可上传：{'、'.join(sorted(ALLOWED))}")
        if not upload.data:
            raise UserError(f"附件“{upload.file_name}”是空文件")
        if len(upload.data) > MAX_FILE:
            raise UserError(f"附件“{upload.file_name}”超过 {MAX_FILE >> 20} MB 的上限")


def store(session: Session, case_kind: str, case_id: int, uploads: Sequence[Upload], *, at: datetime,
          by: str) -> list[Attachment]:
    stored = [Attachment(case_kind=case_kind, case_id=case_id, material=u.material,
                         file_name=PurePath(u.file_name).name[:200], content_type=u.content_type[:100],
                         size=len(u.data), sha256=hashlib.sha256(u.data).hexdigest(), data=u.data, uploaded_at=at,
                         uploaded_by=by) for u in uploads]
    session.add_all(stored)
    return stored


def listed(session: Session, case_kind: str, case_id: int) -> Sequence[Attachment]:
    return session.scalars(select(Attachment).where(Attachment.case_kind == case_kind, Attachment.case_id == case_id)
                           .order_by(Attachment.id)).all()


def fetch(session: Session, case_kind: str, case_id: int, attachment_id: int) -> Attachment:
    found = session.get(Attachment, attachment_id)
    if found is None or found.case_kind != case_kind or found.case_id != case_id:
        raise NotFound(f"附件 {attachment_id} 不存在")
    return found


def describe(attachment: Attachment) -> dict[str, object]:
    return {"id": attachment.id, "material": attachment.material, "file_name": attachment.file_name,
            "size": attachment.size, "sha256": attachment.sha256, "uploaded_at": attachment.uploaded_at.isoformat()}
