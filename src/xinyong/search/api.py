"""GET /api/v1/subjects: the public search as JSON."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from xinyong.search.service import QUERY_MAX, search
from xinyong.web.deps import get_platform, get_session

router = APIRouter(prefix="/api/v1", tags=["信用查询"])
DEFAULT_PAGE_SIZE = 20


class SubjectResult(BaseModel):
    code: str = Field(description="统一社会信用代码（或登记时使用的旧代码）")
    name: str
    kind: str = Field(description="organisation | individual_business")
    kind_label: str
    match: Literal["code", "name", "prefix", "substring", "former_name", "old_code"] = Field(
        description="命中方式：代码、名称完全匹配、名称开头、名称包含、曾用名、旧代码")
    url: str = Field(description="主体公开页面地址")


class SearchAnswer(BaseModel):
    query: str
    page: int
    page_size: int
    results: list[SubjectResult]
    has_more: bool = Field(description="是否还有下一页")
    total: int | None = Field(description="命中总数；超过上限时为 null")
    total_capped: bool = Field(description="命中数超过计数上限（显示为“1,000+”）")


class ErrorAnswer(BaseModel):
    error: str
    message: str


@router.get("/subjects", response_model=SearchAnswer, summary="按名称或代码查询主体",
            responses={400: {"model": ErrorAnswer}, 422: {"model": ErrorAnswer}, 429: {"model": ErrorAnswer}})
def search_subjects(
    request: Request,
    q: str = Query("", description=f"主体名称（任意片段、繁体或曾用名）或代码（完整或开头部分），最多 {QUERY_MAX} 字"),
    page: int = Query(1, description="页码，从 1 开始"),
    page_size: int | None = Query(None, description=f"每页条数，默认 {DEFAULT_PAGE_SIZE}，不超过设置 page_size_max"),
    session: Session = Depends(get_session),
) -> Response:
    """企业、社会组织、事业单位和个体工商户；自然人不在公开查询范围内。"""
    settings = get_platform(request).settings
    if page_size is None:
        page_size = min(DEFAULT_PAGE_SIZE, settings.page_size_max)
    found = search(session, q, page=page, page_size=page_size, page_size_max=settings.page_size_max,
                   cap=settings.search_count_cap)
    answer = SearchAnswer(
        query=found.query, page=found.page, page_size=found.page_size, has_more=found.has_more,
        total=found.total, total_capped=found.total_capped,
        results=[SubjectResult(code=h.code, name=h.name, kind=h.kind, kind_label=h.kind_label, match=h.match,
                               url=h.url) for h in found.hits],
    )
    # Encoded here, in the handler's thread: returned as a model, FastAPI would check and encode it
    # again in another trip to the thread pool — the busiest request pays for it most.
    return Response(answer.model_dump_json(), media_type="application/json")
