"""Automatic triggering (自动触发): when a subject enters or leaves a list, every department that
subscribed to a scenario where the list carries a measure hears of it — in its feed at once, and by
webhook when it gave one, signed and retried until it answers 2xx.

A webhook request is ``POST`` of the notice as JSON with headers ``X-Xinyong-Notice`` (its id),
``X-Xinyong-Timestamp`` (Unix seconds) and ``X-Xinyong-Signature: sha256=HEX``, the HMAC-SHA256
with the subscription's secret of ``timestamp + "." + body``. Failed deliveries are retried after
1, 5, 30, 120 and 720 minutes; after ``webhook_max_attempts`` the notice is marked failed (still in
the feed).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.lists.entries import EntryChange
from xinyong.lists.models import ListEntry
from xinyong.platform import Platform
from xinyong.screening.models import Notice, Subscription
from xinyong.subjects.describe import public_ref, shown_code
from xinyong.subjects.models import Subject

log = logging.getLogger(__name__)
RETRY_MINUTES = (1, 5, 30, 120, 720)


def scenarios_of(platform: Platform, list_id: str, on: datetime) -> dict[str, list[str]]:
    """The scenarios where a list carries a published measure on ``on``'s day, with those measures."""
    edition = platform.measures.edition_on(on.date()).id
    found: dict[str, list[str]] = {}
    for measure in platform.measures.measures():
        if list_id in measure.targets and edition in measure.editions:
            for scenario in sorted(measure.scenarios):
                found.setdefault(scenario, []).append(measure.id)
    return found


def _payload(platform: Platform, entry: ListEntry, change: EntryChange, subject: Subject | None,
             scenarios: dict[str, list[str]]) -> dict[str, Any]:
    credit_list = platform.lists.get(entry.list_id)
    return {
        "change": change.change, "on": change.on.isoformat(),
        "list": {"id": credit_list.id, "name": credit_list.name, "kind": credit_list.kind.value},
        "subject": ({"id": subject.id, "name": subject.name, "code": shown_code(subject), "kind": subject.kind,
                     "url": f"{platform.settings.public_base_url}/subjects/{public_ref(subject)}"}
                    if subject else {"id": None, "name": entry.subject_name}),
        "entry": {"id": entry.id, "entered_on": entry.entered_on.isoformat(),
                  "ends_on": entry.ends_on.isoformat() if entry.ends_on else None,
                  "exited_on": entry.exited_on.isoformat() if entry.exited_on else None,
                  "exit_reason": entry.exit_reason, "reason": entry.reason, "document_no": entry.document_no,
                  "responsible_person": entry.responsible_name},
        "scenarios": scenarios,
    }


def queue_notices(session: Session, platform: Platform, changes: list[EntryChange], at: datetime) -> int:
    subscriptions = session.scalars(select(Subscription).where(Subscription.active.is_(True))).all()
    if not subscriptions:
        return 0
    queued = 0
    for change in changes:
        entry = change.entry
        relevant = scenarios_of(platform, entry.list_id, at)
        subject = session.get(Subject, entry.subject_id) if entry.subject_id else None
        for subscription in subscriptions:
            wanted = {s: m for s, m in relevant.items() if s in subscription.scenarios}
            if not wanted:
                continue
            session.add(Notice(subscription_id=subscription.id, department_code=subscription.department_code,
                               entry_id=entry.id, change=change.change, created_at=at,
                               payload=_payload(platform, entry, change, subject, wanted),
                               status="pending" if subscription.url else "feed",
                               next_attempt_at=at if subscription.url else None))
            queued += 1
    return queued


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _post(url: str, secret: str, notice_id: int, body: bytes, at: datetime, timeout: float) -> str | None:
    """Deliver once; None when the receiver answered 2xx, else what went wrong."""
    timestamp = str(int(at.timestamp()))
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Xinyong-Notice": str(notice_id), "X-Xinyong-Timestamp": timestamp,
        "X-Xinyong-Signature": signature(secret, timestamp, body), "User-Agent": "xinyong-notices/1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return None if 200 <= response.status < 300 else f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return f"无法连接：{getattr(error, 'reason', error)}"[:300]


def deliver_due(platform: Platform, limit: int = 200) -> int:
    """Send the notices whose time has come; returns how many were delivered."""
    now = platform.clock.now()
    with platform.db.session() as session:
        due = session.execute(
            select(Notice.id, Notice.payload, Notice.attempts, Subscription.url, Subscription.secret)
            .join(Subscription, Subscription.id == Notice.subscription_id)
            .where(Notice.status == "pending", Notice.next_attempt_at <= now)
            .order_by(Notice.id).limit(limit)).all()
    delivered = 0
    for notice_id, payload, attempts, url, secret in due:
        body = orjson.dumps({"id": notice_id, **payload})
        error = _post(url, secret, notice_id, body, now, platform.settings.webhook_timeout_seconds)
        with platform.db.session() as session:
            notice = session.get_one(Notice, notice_id, with_for_update=True)
            if notice.status != "pending":
                continue
            notice.attempts = attempts + 1
            if error is None:
                notice.status, notice.delivered_at, notice.next_attempt_at = "delivered", now, None
                delivered += 1
                continue
            notice.last_error = error
            if notice.attempts >= platform.settings.webhook_max_attempts:
                notice.status, notice.next_attempt_at = "failed", None
                log.warning("notice %s to %s failed for good after %s attempts", notice_id, url, notice.attempts)
            else:
                wait = RETRY_MINUTES[min(notice.attempts, len(RETRY_MINUTES)) - 1]
                notice.next_attempt_at = now + timedelta(minutes=wait)
    return delivered
