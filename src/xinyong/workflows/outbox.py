"""The notification outbox (通知): one row per message, read on each account's page and API.

A message is addressed to an account, a department, a subject or the credit office; every account
acting for that party sees it. Delivery by mail is a separate step: ``deliver`` hands each unsent
message to a ``Sender`` (anything with ``send(to, title, body)``) and records the outcome, so a
mail gateway plugs in without touching the workflows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from xinyong.accounts.models import Account, Role
from xinyong.accounts.viewer import Audience, Viewer
from xinyong.errors import NotFound
from xinyong.workflows.models import Notification


@dataclass(frozen=True)
class Recipient:
    kind: str  # account | department | subject | office
    ref: str

    @classmethod
    def account(cls, account_id: int) -> Recipient:
        return cls("account", str(account_id))

    @classmethod
    def department(cls, code: str) -> Recipient:
        return cls("department", code)

    @classmethod
    def subject(cls, subject_id: int) -> Recipient:
        return cls("subject", str(subject_id))

    @classmethod
    def office(cls) -> Recipient:
        return cls("office", "")


@dataclass(frozen=True)
class Notice:
    to: Recipient
    title: str
    body: str
    link: str | None = None


def notify(session: Session, notice: Notice, *, kind: str, at: datetime) -> Notification:
    message = Notification(recipient_kind=notice.to.kind, recipient_ref=notice.to.ref, created_at=at, kind=kind,
                           title=notice.title, body=notice.body, link=notice.link, attempts=0)
    session.add(message)
    return message


def _addressed_to(viewer: Viewer) -> ColumnElement[bool]:
    if not viewer.signed_in:
        return false()
    parts = [and_(Notification.recipient_kind == "account", Notification.recipient_ref == str(viewer.account_id))]
    if viewer.audience is Audience.DEPARTMENT and viewer.department_code:
        parts.append(and_(Notification.recipient_kind == "department",
                          Notification.recipient_ref == viewer.department_code))
    if viewer.audience is Audience.SUBJECT and viewer.subject_id is not None:
        parts.append(and_(Notification.recipient_kind == "subject",
                          Notification.recipient_ref == str(viewer.subject_id)))
    if viewer.audience is Audience.OFFICE:
        parts.append(Notification.recipient_kind == "office")
    return or_(*parts)


def inbox(session: Session, viewer: Viewer, *, limit: int, offset: int = 0) -> Sequence[Notification]:
    """The viewer's messages, newest first."""
    return session.scalars(select(Notification).where(_addressed_to(viewer))
                           .order_by(Notification.created_at.desc(), Notification.id.desc())
                           .limit(limit).offset(offset)).all()


def unread_count(session: Session, viewer: Viewer) -> int:
    return session.scalar(select(func.count()).select_from(Notification)
                          .where(_addressed_to(viewer), Notification.read_at.is_(None))) or 0


def mark_read(session: Session, viewer: Viewer, notification_id: int, at: datetime) -> Notification:
    message = session.scalar(select(Notification).where(Notification.id == notification_id,
                                                        _addressed_to(viewer)))
    if message is None:
        raise NotFound(f"通知 {notification_id} 不存在或不是发给您的")
    if message.read_at is None:
        message.read_at = at
    return message


class Sender(Protocol):
    def send(self, to: list[str], title: str, body: str) -> None:
        """Deliver one message to these account usernames (the gateway maps them to addresses)."""


def recipients(session: Session, message: Notification) -> list[str]:
    """Usernames of the active accounts a message reaches."""
    query = select(Account.username).where(Account.active.is_(True))
    if message.recipient_kind == "account":
        query = query.where(Account.id == int(message.recipient_ref))
    elif message.recipient_kind == "department":
        query = query.where(Account.role == Role.DEPARTMENT.value, Account.department_code == message.recipient_ref)
    elif message.recipient_kind == "subject":
        query = query.where(Account.role == Role.SUBJECT.value, Account.subject_id == int(message.recipient_ref))
    else:
        query = query.where(Account.role == Role.OFFICE.value)
    return list(session.scalars(query.order_by(Account.username)))


def deliver(session: Session, sender: Sender, *, at: datetime, limit: int = 100) -> tuple[int, int]:
    """Hand unsent messages to ``sender``, oldest first; (sent, failed). A failure is kept with its
    error and tried again on the next run."""
    sent = failed = 0
    pending = session.scalars(select(Notification).where(Notification.sent_at.is_(None))
                              .order_by(Notification.id).limit(limit)).all()
    for message in pending:
        message.attempts += 1
        to = recipients(session, message)
        if not to:
            message.last_error = "收件方没有可用账号"
            failed += 1
            continue
        try:
            sender.send(to, message.title, message.body + (f"\n\n{message.link}" if message.link else ""))
        except Exception as error:  # a gateway's failure must not lose the message
            message.last_error = f"{type(error).__name__}: {error}"
            failed += 1
            continue
        message.sent_at, message.last_error = at, None
        sent += 1
    return sent, failed
