"""The lists over HTTP for integrators: every list's rules, and one list's entries in force with the
same visibility as the portal page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.lists.model import EXIT_LABELS, CreditList, LegalBasis
from xinyong.lists.shown import KIND_LABELS, ListView
from xinyong.platform import Platform
from xinyong.web.auth import current_viewer
from xinyong.web.deps import get_platform, get_session

router = APIRouter(prefix="/api/v1", tags=["名单 lists"])


def _basis(basis: LegalBasis) -> dict[str, str]:
    return {"document": basis.document, "article": basis.article, "cite": basis.cite(),
            "confidence": basis.confidence.value}


def list_dict(credit_list: CreditList, departments: dict[str, str]) -> dict[str, Any]:
    c = credit_list
    return {
        "id": c.id, "name": c.name, "kind": c.kind.value, "kind_label": KIND_LABELS[c.kind],
        "departments": [{"code": d, "name": departments.get(d, d)} for d in c.departments],
        "subject_kinds": list(c.subject_kinds), "criteria": c.criteria,
        "legal_basis": [_basis(b) for b in c.legal_basis],
        "effective_from": c.effective_from.isoformat() if c.effective_from else None,
        "periods": [{"from": p.effective_from.isoformat() if p.effective_from else None,
                     "to": p.effective_to.isoformat() if p.effective_to else None, "description": p.describe(),
                     "months": p.months, "decided_months": list(p.decided_months) if p.decided_months else None,
                     "open_ended": p.open_ended, "legal_basis": _basis(p.legal)} for p in c.periods],
        "early_exits": [{"reason": e.reason.value, "label": EXIT_LABELS[e.reason], "after_months": e.after_months,
                         "counted_from": e.counted_from, "conditions": e.conditions, "legal_basis": _basis(e.basis)}
                        for e in c.early_exits],
        "escalation": {"after_months": c.escalation.after_months, "to": c.escalation.to,
                       "legal_basis": _basis(c.escalation.basis)} if c.escalation else None,
        "public": c.public, "channels": list(c.channels), "names_responsible_persons": c.names_responsible_persons,
        "entries_url": f"/api/v1/lists/{c.id}/entries",
    }


@router.get("/lists", summary="全部信用名单及其规则：认定部门、列入标准、法律依据、列入期限、提前移出")
def lists(platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    """The rules of every list, public or not: they are published data; whose entries a caller may
    read is decided per list by ``/api/v1/lists/{list_id}/entries``."""
    departments = {d.code: d.name for d in platform.catalog.departments()}
    return {"version": platform.lists.version, "lists": [list_dict(c, departments) for c in platform.lists.all()]}


@router.get("/lists/{list_id}/entries", summary="某一名单今日在列的条目（新列入的在前），可按名称或代码筛选")
def entries(list_id: str = Path(max_length=64, description="名单编号，见 /api/v1/lists"),
            offset: int = Query(0, ge=0, le=1_000_000, description="跳过的条数"),
            limit: int = Query(20, ge=1, le=1000, description="条数，不超过设置 page_size_max"),
            q: str | None = Query(None, max_length=100, description="主体名称中的文字，或统一社会信用代码"),
            viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
            platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    view = ListView(session, platform, viewer)
    credit_list = view.get(list_id)
    size = min(limit, platform.settings.page_size_max)
    rows, more = view.page(credit_list, q, offset=offset, limit=size)
    return {"list": credit_list.id, "on": view.today.isoformat(), "offset": offset, "limit": size, "has_more": more,
            "entries": [row.as_dict() for row in rows]}
