"""The office's dashboard, the monthly PDF report, alerts and indicators over HTTP (credit office only)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.collection.quality import month_bounds
from xinyong.monitoring.alerts import open_alerts
from xinyong.monitoring.indicators import city_indicators
from xinyong.monitoring.panels import dashboard
from xinyong.monitoring.periods import month_of
from xinyong.monitoring.report import report_pdf
from xinyong.platform import Platform
from xinyong.web.auth import current_viewer, page_access, require
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

router = APIRouter()
_MONTH = Query(None, pattern=r"^\d{4}-\d{2}$", description="月份 YYYY-MM，默认本月")


@router.get("/monitoring", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, month: str | None = _MONTH, viewer: Viewer = Depends(current_viewer),
                   session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.OFFICE, refusal="监测预警仅向信用办开放"):
        return redirect
    month = month or month_of(platform.clock.today())
    month_bounds(month)
    return render(request, "monitoring/dashboard.html", month=month, panels=dashboard(session, platform, month))


@router.get("/monitoring/report.pdf", include_in_schema=False)
def report_download(request: Request, month: str | None = _MONTH, viewer: Viewer = Depends(current_viewer),
                    platform: Platform = Depends(get_platform)) -> Response:
    if redirect := page_access(request, viewer, Audience.OFFICE, refusal="监测预警仅向信用办开放"):
        return redirect
    month = month or month_of(platform.clock.today())
    return Response(report_pdf(platform, month), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="credit-report-{month}.pdf"'})


@router.get("/api/v1/monitoring/indicators", tags=["监测预警 monitoring"],
            summary="城市信用状况监测指标（平台侧）及计算方法")
def indicators(month: str | None = _MONTH, viewer: Viewer = Depends(require(Audience.OFFICE)),
               session: Session = Depends(get_session), platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    month = month or month_of(platform.clock.today())
    return {"month": month, "indicators": [i.as_dict() for i in city_indicators(session, platform, month)]}


@router.get("/api/v1/monitoring/alerts", tags=["监测预警 monitoring"], summary="未处理的预警")
def alerts(viewer: Viewer = Depends(require(Audience.OFFICE)),
           session: Session = Depends(get_session)) -> dict[str, Any]:
    return {"alerts": [{"id": a.id, "kind": a.kind, "message": a.message, "subject_id": a.subject_id,
                        "department": a.department_code, "raised_at": a.raised_at.isoformat(), "detail": a.detail}
                       for a in open_alerts(session)]}
