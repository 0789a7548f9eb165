"""Inspection draws over HTTP and in the portal (双随机、一公开): tasks and who was drawn are public;
the full publication (candidates with their grade weights) goes to whoever may see grades."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.disclosure import DisclosurePolicy
from xinyong.errors import Forbidden
from xinyong.evaluation.views import ITEM
from xinyong.platform import Platform
from xinyong.subjects.models import Subject
from xinyong.supervision.models import InspectionSelection, InspectionTask
from xinyong.supervision.tasks import task_publication
from xinyong.web.auth import current_viewer
from xinyong.web.deps import get_platform, get_session
from xinyong.web.templating import render

api = APIRouter(prefix="/api/v1", tags=["分级监管 supervision"])
pages = APIRouter(include_in_schema=False)


@api.get("/supervision/tasks/{task_id}", summary="抽查任务的公示文件（种子、候选名单及权重、抽中名单）")
def publication(task_id: int, viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
                platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    """The weights reveal grades, so the candidate list goes only to viewers who may see grades."""
    if not DisclosurePolicy(platform.catalog).sees_item(viewer, ITEM, None):
        raise Forbidden("候选名单中的权重反映信用评价等级，按信用信息目录仅向可查看评价结果的部门公开")
    return task_publication(session, task_id)


@pages.get("/supervision", response_class=HTMLResponse)
def tasks_page(request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    tasks = session.scalars(select(InspectionTask).order_by(InspectionTask.id.desc()).limit(50)).all()
    drawn = {}
    for task_id, name, code in session.execute(
            select(InspectionSelection.task_id, Subject.name, Subject.code)
            .join(Subject, Subject.id == InspectionSelection.subject_id)
            .where(InspectionSelection.task_id.in_([t.id for t in tasks])).order_by(Subject.code)):
        drawn.setdefault(task_id, []).append((name, code))
    return render(request, "supervision/tasks.html", tasks=tasks, drawn=drawn)


#: The API and the pages, for the one list of routers (``web/routes.py``).
ROUTERS = [api, pages]
