"""Subscriptions over HTTP: a department names its scenarios (and a webhook), reads its feed."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.errors import NotFound, UserError
from xinyong.platform import Platform
from xinyong.screening.models import Notice, Subscription
from xinyong.web.auth import require
from xinyong.web.deps import get_platform, get_session
from xinyong.web.params import MAX_ID, RowId

router = APIRouter(prefix="/api/v1", tags=["自动触发 subscriptions"])
_DEPARTMENT = require(Audience.DEPARTMENT)


class SubscriptionIn(BaseModel):
    scenarios: list[str] = Field(min_length=1, max_length=20, description="关心的应用场景代码")
    url: str | None = Field(None, max_length=500, description="接收通知的 https 地址（webhook）；不填则只用 feed 拉取")


def _dict(subscription: Subscription) -> dict[str, Any]:
    return {"id": subscription.id, "scenarios": subscription.scenarios, "url": subscription.url,
            "active": subscription.active, "created_at": subscription.created_at.isoformat()}


def _check(platform: Platform, body: SubscriptionIn) -> None:
    for scenario in body.scenarios:
        platform.measures.scenario(scenario)
    if body.url is not None:
        parsed = urlparse(body.url)
        if parsed.scheme not in ("https", "http") or not parsed.netloc:
            raise UserError(f"通知地址“{body.url}”不是 http(s) 网址", code="bad_webhook_url")


@router.post("/subscriptions", summary="订阅名单变动通知")
def subscribe(body: SubscriptionIn, viewer: Viewer = Depends(_DEPARTMENT),
              platform: Platform = Depends(get_platform)) -> dict[str, Any]:
    """主体列入或移出名单、且该名单在所订场景下有措施时，通知本部门：随时可从 feed 拉取；
    给出 url 时以 POST 推送，请求头 ``X-Xinyong-Signature`` 为以 ``secret`` 对
    ``X-Xinyong-Timestamp + "." + 请求体`` 计算的 HMAC-SHA256（``sha256=`` 加十六进制）。
    secret 只在此处返回一次。"""
    _check(platform, body)
    with platform.db.session() as session:
        subscription = Subscription(department_code=viewer.department_code, scenarios=sorted(set(body.scenarios)),
                                    url=body.url, secret=secrets.token_hex(24), active=True,
                                    created_by=viewer.actor, created_at=platform.clock.now())
        session.add(subscription)
        session.flush()
        return {**_dict(subscription), "secret": subscription.secret}


@router.get("/subscriptions", summary="本部门的订阅")
def my_subscriptions(viewer: Viewer = Depends(_DEPARTMENT), session: Session = Depends(get_session)) -> dict[str, Any]:
    rows = session.scalars(select(Subscription).where(Subscription.department_code == viewer.department_code)
                           .order_by(Subscription.id))
    return {"items": [_dict(s) for s in rows]}


@router.delete("/subscriptions/{subscription_id}", summary="停止订阅")
def unsubscribe(subscription_id: RowId, viewer: Viewer = Depends(_DEPARTMENT),
                session: Session = Depends(get_session)) -> dict[str, Any]:
    subscription = session.get(Subscription, subscription_id)
    if subscription is None or subscription.department_code != viewer.department_code:
        raise NotFound(f"本部门没有订阅 {subscription_id}")
    subscription.active = False
    return _dict(subscription)


@router.get("/notices", summary="通知 feed：本部门收到的名单变动通知")
def feed(after: int = Query(0, ge=0, le=MAX_ID, description="上次读到的通知编号；从其后读起"),
         limit: int = Query(100, ge=1, le=500), viewer: Viewer = Depends(_DEPARTMENT),
         session: Session = Depends(get_session)) -> dict[str, Any]:
    rows = session.scalars(select(Notice).where(Notice.department_code == viewer.department_code, Notice.id > after)
                           .order_by(Notice.id).limit(limit)).all()
    return {"items": [{"id": n.id, **n.payload, "subscription": n.subscription_id, "delivery": n.status,
                       "attempts": n.attempts, "last_error": n.last_error} for n in rows],
            "next_after": rows[-1].id if rows else after}
