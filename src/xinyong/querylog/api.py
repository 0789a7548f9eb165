"""The query log over HTTP and in the portal: the credit office audits it; a subject sees its own."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.clock import CHINA
from xinyong.errors import Forbidden
from xinyong.platform import Platform
from xinyong.querylog.models import QueryLogEntry
from xinyong.querylog.service import queries
from xinyong.records.listing import parse_day
from xinyong.subjects.lookup import get_subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.auth import current_viewer, require
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter(tags=["查询日志 query log"])
PAGE = 50


def _entries(session: Session, platform: Platform, viewer: Viewer, *, subject: str | None, department: str | None,
             since: str | None, until: str | None, page: int) -> list[QueryLogEntry]:
    """Office: anything, filtered. A subject: only looks at itself. Nobody else."""
    subject_id = get_subject(session, PersonIdVault(platform.keys), subject).id if subject else None
    if viewer.audience is Audience.SUBJECT:
        if subject_id not in (None, viewer.subject_id):
            raise Forbidden("主体账号只能查看他人对本主体的查询记录")
        subject_id = viewer.subject_id
    elif viewer.audience is not Audience.OFFICE:
        raise Forbidden("只有信用办可以审计查询日志")
    start, end = parse_day(since, "开始日期"), parse_day(until, "结束日期")
    return list(queries(session, subject_id=subject_id, department_code=department or None,
                        since=datetime.combine(start, time(), CHINA) if start else None,
                        until=datetime.combine(end, time.max, CHINA) if end else None,
                        limit=PAGE + 1, offset=(page - 1) * PAGE))


def _as_dict(entry: QueryLogEntry) -> dict[str, Any]:
    return {"at": entry.at.isoformat(), "who": entry.who, "audience": entry.audience,
            "department": entry.department_code, "subject_id": entry.subject_id, "purpose": entry.purpose,
            "action": entry.action, "via": entry.via}


@router.get("/api/v1/querylog", summary="查询日志（信用办审计；主体查看本主体）")
def query_log(subject: str | None = Query(None, max_length=64, description="主体代码或 #编号"),
              department: str | None = Query(None, max_length=32), since: str | None = Query(None, alias="from"),
              until: str | None = Query(None, alias="to"), page: int = Query(1, ge=1, le=10_000),
              viewer: Viewer = Depends(require(Audience.OFFICE, Audience.SUBJECT)),
              session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    found = _entries(session, platform, viewer, subject=subject, department=department, since=since, until=until,
                     page=page)
    return {"page": page, "has_more": len(found) > PAGE, "entries": [_as_dict(e) for e in found[:PAGE]]}


@router.get("/audit/queries", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, subject: str | None = None, department: str | None = None,
               since: str | None = Query(None, alias="from"), until: str | None = Query(None, alias="to"),
               page: int = Query(1, ge=1, le=10_000), viewer: Viewer = Depends(current_viewer),
               session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if not viewer.signed_in:
        return RedirectResponse("/login?next=/audit/queries", status_code=303)
    found = _entries(session, platform, viewer, subject=subject or None, department=department, since=since,
                     until=until, page=page)
    return render(request, "querylog/audit.html", entries=found[:PAGE], more=len(found) > PAGE, page=page,
                  subject=subject or "", department=department or "", since=since or "", until=until or "",
                  departments=platform.catalog.departments())
