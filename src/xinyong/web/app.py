"""The one app factory."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from xinyong.platform import Platform
from xinyong.web.background import lifespan
from xinyong.web.errors import install_error_handlers
from xinyong.web.ratelimit import install_rate_limits
from xinyong.web.routes import ROUTERS
from xinyong.web.slots import install_handler_slots

STATIC = Path(__file__).parent / "static"


def create_app(platform: Platform | None = None) -> FastAPI:
    platform = platform or Platform.open()
    app = FastAPI(
        title="xinyong 公共信用信息平台",
        version="1",
        docs_url="/docs",
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.platform = platform
    install_error_handlers(app)
    app.add_middleware(SessionMiddleware, secret_key=platform.keys.session_secret, session_cookie="xinyong_session",
                       max_age=8 * 3600, same_site="lax")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    install_rate_limits(app)
    install_handler_slots(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
