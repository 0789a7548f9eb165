"""双公示 and other public listings in the portal."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import PUBLIC
from xinyong.disclosure import DisclosurePolicy
from xinyong.platform import Platform
from xinyong.records.listing import Filters, list_records, parse_day
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)
SHUANGGONGSHI = ("administrative_permit", "administrative_penalty")


@router.get("/records", response_class=HTMLResponse)
def listing(request: Request, item: str = Query("administrative_penalty", max_length=64),
            department: str | None = Query(None, max_length=32),
            decided_from: str | None = Query(None, alias="from", max_length=10),
            decided_to: str | None = Query(None, alias="to", max_length=10), page: int = Query(1, ge=1, le=10_000),
            session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> HTMLResponse:
    filters = Filters(item=item, department=department or None, decided_from=parse_day(decided_from, "开始日期"),
                      decided_to=parse_day(decided_to, "结束日期"))
    rows, more = list_records(session, platform.catalog, DisclosurePolicy(platform.catalog), PUBLIC,
                              platform.clock.today(), filters, page=page, size=20)
    public_items = [i for i in platform.catalog.items() if i.disclosure.value == "public"]
    return render(request, "records/listing.html", rows=rows, more=more, page=page, filters=filters,
                  item=platform.catalog.item(item), items=public_items, departments=platform.catalog.departments(),
                  shuanggongshi=SHUANGGONGSHI)
