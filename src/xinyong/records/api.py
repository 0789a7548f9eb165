"""Record listings over HTTP: what the public may see, filtered."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import PUBLIC
from xinyong.disclosure import DisclosurePolicy
from xinyong.platform import Platform
from xinyong.records.listing import Filters, list_records, parse_day
from xinyong.web.deps import get_platform, get_session

router = APIRouter(prefix="/api/v1", tags=["信用信息 records"])


@router.get("/records", summary="公开的信用信息列表（双公示等），可按信息项、类别、部门、日期筛选")
def records(item: str | None = Query(None, max_length=64, description="信息项，如 administrative_penalty"),
            category: str | None = Query(None, max_length=4, description="目录类别，如 03"),
            department: str | None = Query(None, max_length=32, description="部门代码"),
            decided_from: str | None = Query(None, alias="from", max_length=10, description="决定日期起 YYYY-MM-DD"),
            decided_to: str | None = Query(None, alias="to", max_length=10, description="决定日期止 YYYY-MM-DD"),
            page: int = Query(1, ge=1, le=10_000), page_size: int = Query(20, ge=1, le=100),
            session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    """Everyone gets the public view here; non-public information is read subject by subject, with a
    stated purpose, through ``/api/v1/subjects/{ref}``."""
    size = min(page_size, platform.settings.page_size_max)
    filters = Filters(item, category, department, parse_day(decided_from, "开始日期"),
                      parse_day(decided_to, "结束日期"))
    rows, more = list_records(session, platform.catalog, DisclosurePolicy(platform.catalog), PUBLIC,
                              platform.clock.today(), filters, page=page, size=size)
    return {"page": page, "page_size": size, "has_more": more, "records": [row.as_dict() for row in rows]}
