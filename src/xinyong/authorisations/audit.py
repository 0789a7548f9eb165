"""Checking stored authorisations against the events that recorded them (and their documents)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from xinyong.accounts.models import Account
from xinyong.authorisations.models import Authorisation, AuthorisationDocument
from xinyong.authorisations.service import granted_payload
from xinyong.events.models import Event
from xinyong.ledger.seal import stored_event

GRANTED, REVOKED = "authorisations:authorisation:granted", "authorisations:authorisation:revoked"


def differences(expected: dict[str, Any], recorded: dict[str, Any]) -> list[str]:
    """The keys whose values differ, shown as recorded → stored."""
    return [f"{key}：存证为 {recorded.get(key)!r}，现存为 {value!r}" for key, value in expected.items()
            if recorded.get(key) != value]


def compare_with_event(what: str, event: Row[Any] | None, kind: str, expected: dict[str, Any],
                       facts: dict[str, Any]) -> list[str]:
    """Findings for one stored row against its event: missing, of another kind, or saying otherwise."""
    if event is None:
        return [f"{what}：记录它的事件已不存在（被删除）"]
    if event.kind != kind:
        return [f"{what}：所指事件 #{event.id} 是 {event.kind}，不是 {kind}"]
    recorded = {"actor": event.actor, "subject": event.subject_id, "at": event.occurred_at}
    changed = differences(expected, event.payload) + differences(facts, recorded)
    return [f"{what} 与其存证事件 #{event.id} 不符 — {'；'.join(changed)}"] if changed else []


def audit_authorisations(session: Session) -> list[str]:
    findings: list[str] = []
    usernames = dict(session.execute(select(Account.id, Account.username)).all())
    revocations = {e.object_ref: e for e in session.scalars(select(Event).where(Event.kind == REVOKED))}
    for row in session.scalars(select(Authorisation).order_by(Authorisation.id)):
        what = f"授权 #{row.id}"
        findings += compare_with_event(what, stored_event(session, row.event_id), GRANTED,
                                       granted_payload(row, usernames.get(row.grantee_account_id, "?")),
                                       {"actor": row.recorded_by, "subject": row.subject_id, "at": row.granted_at})
        content = session.scalar(select(AuthorisationDocument.content)
                                 .where(AuthorisationDocument.authorisation_id == row.id))
        if content is None or hashlib.sha256(content).hexdigest() != row.document_sha256:
            findings.append(f"{what}：所存的授权书文件缺失或被替换（SHA-256 与登记的不符）")
        revoked = revocations.pop(f"authorisation:{row.id}", None)
        if row.revoke_event_id is None and revoked is not None:
            findings.append(f"{what}：事件 #{revoked.id} 记录了撤销，而现存记录显示未撤销")
        elif row.revoke_event_id is not None:
            findings += compare_with_event(f"{what} 的撤销", stored_event(session, row.revoke_event_id), REVOKED,
                                           {"authorisation": row.id, "reason": row.revoke_reason},
                                           {"actor": row.revoked_by, "subject": row.subject_id,
                                            "at": row.revoked_at})
    findings += [f"事件 #{e.id} 记录了撤销 {e.object_ref}，而该授权已不存在（被删除）" for e in revocations.values()]
    return findings
