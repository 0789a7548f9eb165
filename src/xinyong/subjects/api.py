"""Subjects over HTTP: the archive as the caller may see it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.disclosure.viewing import view_archive
from xinyong.errors import UserError
from xinyong.lists.shown import ListView
from xinyong.platform import Platform
from xinyong.subjects.describe import summary
from xinyong.web.auth import current_viewer
from xinyong.web.deps import get_platform, get_session

router = APIRouter(prefix="/api/v1", tags=["主体 subjects"])


@router.get("/subjects/{ref}", summary="主体信用档案（按调用者权限）")
def subject_archive(ref: str,
                    purpose: str | None = Query(None, max_length=300,
                                                description="查询非公开信息的事由（部门、信用办、被授权方必填）"),
                    viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
                    platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    """``ref`` is a USCC, an old code, or ``#id``. Callers who may see more than the public must give
    a ``purpose``; each such look is registered in the query log."""
    view = view_archive(session, platform, viewer, ref, purpose=purpose, via="api")
    if view.may_see_more:
        raise UserError("查询非公开信息须用 purpose 参数说明查询事由；不需要非公开信息时请匿名调用")
    lists = ListView(session, platform, view.as_viewer).of_subject(view.subject)
    return {**summary(view.subject), "audience": view.as_viewer.audience.value, "total": view.archive.total,
            "standings": [{"standing": label, "lists": [e.credit_list.id for e in entries]}
                          for label, _, entries in lists.standings()],
            "list_entries": [entry.as_dict() for entry in lists.entries],
            "list_entries_as_responsible_person": [entry.as_dict() for entry in lists.as_responsible],
            "items": [{"item": tab.item.id, "name": tab.item.name, "category": tab.category, "count": tab.count,
                       "records": [entry.as_dict() for entry in tab.entries]} for tab in view.archive.tabs],
            "queried_by": [{"at": q.at.isoformat(), "who": q.who, "purpose": q.purpose, "via": q.via}
                           for q in view.lookers]}
