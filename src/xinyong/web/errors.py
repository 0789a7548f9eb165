"""Turning errors into answers: a clear message, never a traceback."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from xinyong.errors import UserError
from xinyong.web.templating import render

log = logging.getLogger(__name__)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _answer(request: Request, status: int, code: str, message: str,
            headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)
    response = render(request, "error.html", status_code=status, status=status, message=message)
    if headers:
        response.headers.update(headers)
    return response


# The validation errors people meet most, in Chinese; others keep pydantic's English message.
_PROBLEMS = {
    "missing": "缺少此参数", "int_parsing": "应为整数", "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false", "float_parsing": "应为数字", "string_too_long": "内容过长",
    "string_too_short": "内容过短",
    "greater_than_equal": "数值过小", "less_than_equal": "数值过大", "date_from_datetime_parsing": "应为日期",
}


def _describe_validation(error: RequestValidationError) -> str:
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("body", "query", "path"))
        parts.append(f"{where or '请求'}: {_PROBLEMS.get(problem.get('type', ''), problem.get('msg', '无效'))}")
    return "请求参数有误 — " + "; ".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> Response:
        return _answer(request, exc.status_code, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return _answer(request, 422, "invalid_request", _describe_validation(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        messages = {404: "页面不存在", 405: "不支持该请求方法", 401: "请先登录", 403: "无权访问"}
        message = exc.detail if isinstance(exc.detail, str) and exc.status_code not in messages else \
            messages.get(exc.status_code, str(exc.detail))
        return _answer(request, exc.status_code, f"http_{exc.status_code}", message,
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _answer(request, 500, "internal_error", "服务器内部错误，已记录，请稍后再试")
