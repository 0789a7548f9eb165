"""Grades over HTTP: a subject's grade with its explanation, as the caller may see it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.evaluation.views import view_grade
from xinyong.platform import Platform
from xinyong.web.auth import current_viewer
from xinyong.web.deps import get_platform, get_session

router = APIRouter(prefix="/api/v1", tags=["信用评价 evaluation"])


@router.get("/subjects/{ref}/grade", summary="主体的公共信用综合评价结果、得分构成与历史（按调用者权限）")
def subject_grade(ref: str, purpose: str | None = Query(None, max_length=300, description="查询非公开信息的事由"),
                  viewer: Viewer = Depends(current_viewer), session: Session = Depends(get_session),
                  platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    """``visible`` is false when the catalog does not let this caller see grades; the subject itself
    and the credit office also get ``history``."""
    return view_grade(session, platform, viewer, ref, purpose=purpose, via="api").as_dict()
