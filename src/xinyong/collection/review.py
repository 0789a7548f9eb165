"""Review (审核): which records publish by rule, and a reviewer's decisions on the rest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.collection.journal import RECORD_KIND
from xinyong.errors import Conflict, NotFound, UserError
from xinyong.events import append_event
from xinyong.records.models import LinkState, Record, RecordStatus, RecordVersion
from xinyong.subjects.models import Subject

RULES = Path(__file__).parent / "data" / "review.yaml"
_MODES = {"auto_when_clean", "reviewer"}


@dataclass(frozen=True)
class ReviewPolicy:
    version: str
    default: dict[str, str]
    items: dict[str, dict[str, str]]

    def auto(self, item_id: str, change: str, clean: bool) -> bool:
        mode = self.items.get(item_id, self.default).get(change, self.default[change])
        return clean and mode == "auto_when_clean"


def load_review_policy(catalog: Catalog, path: Path = RULES) -> ReviewPolicy:
    document = yaml.safe_load(path.read_text("utf-8"))
    problems = []
    default = document.get("default") or {}
    if set(default) != {"new", "update"}:
        problems.append("default 须同时规定 new 与 update")
    known = {item.id for item in catalog.items()}
    for item_id, modes in {"default": default, **(document.get("items") or {})}.items():
        if item_id != "default" and item_id not in known:
            problems.append(f"{item_id} 不是目录中的信息项")
        for change, mode in (modes or {}).items():
            if change not in ("new", "update") or mode not in _MODES:
                problems.append(f"{item_id}.{change}: “{mode}” 无效，应为 {'/'.join(sorted(_MODES))}")
    if problems:
        raise UserError(f"审核规则 {path.name} 有误：" + "；".join(problems))
    return ReviewPolicy(str(document["version"]), default, document.get("items") or {})


@lru_cache(maxsize=4)
def review_policy(catalog: Catalog) -> ReviewPolicy:
    return load_review_policy(catalog)


def pending_versions(session: Session, *, limit: int = 50, offset: int = 0) -> list[tuple[RecordVersion, Record]]:
    """The reviewer's queue: versions awaiting a decision, oldest first."""
    rows = session.execute(
        select(RecordVersion, Record).join(Record, Record.id == RecordVersion.record_id)
        .where(RecordVersion.review == "pending").order_by(RecordVersion.id).limit(limit).offset(offset)
    )
    return [(version, record) for version, record in rows]


def _pending(session: Session, version_id: int) -> tuple[RecordVersion, Record]:
    version = session.get(RecordVersion, version_id)
    if version is None:
        raise NotFound(f"记录版本 {version_id} 不存在")
    if version.review != "pending":
        raise Conflict(f"记录版本 {version_id} 已审核（{version.review}），不能重复审核")
    record = session.get_one(Record, version.record_id)
    if record.latest_version != version.version:
        raise Conflict(f"记录 {record.id} 已有更新的版本 {record.latest_version}，请审核最新版本")
    return version, record


def publish(session: Session, record: Record, version: RecordVersion, *, at: datetime, actor: str) -> None:
    """Make ``version`` the record's published word and say so in the event log."""
    first = record.approved_version is None
    record.approved_version = version.version
    record.status = RecordStatus.APPROVED.value
    append_event(session, at=at, kind=RECORD_KIND + ("published" if first else "changed"), actor=actor,
                 subject_id=record.subject_id, object_ref=f"record:{record.id}",
                 payload={"item": record.item_id, "department": record.department_code, "version": version.version,
                          "content_hash": version.content_hash, "document_no": record.document_no})


def approve(session: Session, version_id: int, *, reviewer: str, at: datetime, note: str = "",
            subject_id: int | None = None) -> Record:
    """Approve a pending version; a record waiting for its subject needs ``subject_id`` too."""
    version, record = _pending(session, version_id)
    if record.subject_id is None:
        if subject_id is None:
            raise UserError(f"记录 {record.id} 尚未关联主体，审核通过时须指定主体")
        if session.get(Subject, subject_id) is None:
            raise NotFound(f"主体 {subject_id} 不存在")
        record.subject_id, record.link_state = subject_id, LinkState.LINKED.value
    version.review, version.reviewed_by, version.reviewed_at, version.review_note = "approved", reviewer, at, note
    publish(session, record, version, at=at, actor=reviewer)
    return record


def reject(session: Session, version_id: int, *, reviewer: str, at: datetime, note: str) -> Record:
    """Refuse a pending version; the record keeps its earlier approved version, if any."""
    if not note.strip():
        raise UserError("退回时须说明理由，以便部门更正后重报")
    version, record = _pending(session, version_id)
    version.review, version.reviewed_by, version.reviewed_at, version.review_note = "rejected", reviewer, at, note
    if record.approved_version is None:
        record.status = RecordStatus.REJECTED.value
    append_event(session, at=at, kind=RECORD_KIND + "refused", actor=reviewer, subject_id=record.subject_id,
                 object_ref=f"record:{record.id}", payload={"version": version.version, "note": note})
    return record


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Field by field, what an update changes: ``{code: [old, new]}``."""
    return {code: [old.get(code), new.get(code)] for code in sorted(set(old) | set(new))
            if old.get(code) != new.get(code)}
