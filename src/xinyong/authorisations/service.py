"""Granting, revoking and using authorisations; every grant and revocation is an event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.models import Account, Role
from xinyong.accounts.viewer import Audience, Viewer
from xinyong.authorisations.documents import SignedDocument
from xinyong.authorisations.models import Authorisation, AuthorisationDocument
from xinyong.catalog import Catalog
from xinyong.catalog.model import Disclosure
from xinyong.errors import Conflict, Forbidden, NotFound, UserError
from xinyong.events import append_event
from xinyong.querylog.models import QueryLogEntry
from xinyong.subjects.lookup import canonical
from xinyong.subjects.models import Subject

MAX_PURPOSE = 300


def authorisable_categories(catalog: Catalog) -> list[tuple[str, str]]:
    """The categories holding 授权查询 items, as (code, name): what an authorisation can open."""
    codes = sorted({item.category for item in catalog.items() if item.disclosure is Disclosure.AUTHORISED})
    return [(code, catalog.category(code).name) for code in codes]


@dataclass(frozen=True)
class Grant:
    """What a subject (or the office, from a paper document) authorises."""

    grantee: str  # the third party's username
    purpose: str
    categories: tuple[str, ...]
    valid_from: date
    valid_until: date
    document: SignedDocument


def _grantee(session: Session, username: str) -> Account:
    account = session.scalar(select(Account).where(Account.username == username.strip().lower()))
    if account is None or account.role != Role.THIRD_PARTY.value or not account.active:
        raise UserError(f"被授权方“{username}”不是平台上有效的授权查询机构账号（银行、信用服务机构等须先由信用办开户）")
    return account


def _check(grant: Grant, catalog: Catalog, today: date) -> None:
    purpose = grant.purpose.strip()
    if len(purpose) < 2 or len(purpose) > MAX_PURPOSE:
        raise UserError(f"授权用途须写明（2–{MAX_PURPOSE} 字），例如“贷款审批”")
    allowed = dict(authorisable_categories(catalog))
    if not grant.categories:
        raise UserError("请至少选择一类授权查询的信息")
    unknown = [code for code in grant.categories if code not in allowed]
    if unknown:
        raise UserError(f"信息类别 {'、'.join(unknown)} 没有需要授权才能查询的信息；可授权的类别："
                        + "、".join(f"{code} {name}" for code, name in allowed.items()))
    if grant.valid_until < grant.valid_from:
        raise UserError(f"授权有效期有误：截止日 {grant.valid_until} 早于起始日 {grant.valid_from}")
    if grant.valid_until < today:
        raise UserError(f"授权有效期截止日 {grant.valid_until} 已过，不能登记已失效的授权")


def grant_authorisation(session: Session, catalog: Catalog, actor: Viewer, subject: Subject, grant: Grant, *,
                        now: datetime) -> Authorisation:
    """Record an authorisation: by the subject itself, or by the credit office from a paper one."""
    subject = canonical(session, subject)
    if actor.audience is Audience.SUBJECT and actor.subject_id == subject.id:
        recorded_as = "subject"
    elif actor.audience is Audience.OFFICE:
        recorded_as = "office"
    else:
        raise Forbidden("只有主体本人可以授权他人查询其信息（线下书面授权由信用办代为登记）")
    _check(grant, catalog, now.date())
    grantee = _grantee(session, grant.grantee)
    document = grant.document
    authorisation = Authorisation(
        subject_id=subject.id, grantee_account_id=grantee.id, purpose=grant.purpose.strip(),
        categories=sorted(set(grant.categories)), valid_from=grant.valid_from, valid_until=grant.valid_until,
        document_name=document.name, document_type=document.media_type, document_size=len(document.content),
        document_sha256=document.sha256, recorded_as=recorded_as, recorded_by=actor.actor, granted_at=now, event_id=0)
    session.add(authorisation)
    session.flush()
    session.add(AuthorisationDocument(authorisation_id=authorisation.id, content=document.content))
    event = append_event(session, at=now, kind="authorisations:authorisation:granted", actor=actor.actor,
                         subject_id=subject.id, object_ref=f"authorisation:{authorisation.id}",
                         payload=granted_payload(authorisation, grantee.username))
    session.flush()
    authorisation.event_id = event.id
    return authorisation


def granted_payload(authorisation: Authorisation, grantee: str) -> dict[str, object]:
    """What the grant event says; the audit compares the stored row with it."""
    return {"authorisation": authorisation.id, "grantee": grantee, "purpose": authorisation.purpose,
            "categories": list(authorisation.categories), "valid_from": authorisation.valid_from.isoformat(),
            "valid_until": authorisation.valid_until.isoformat(), "document_sha256": authorisation.document_sha256,
            "document_type": authorisation.document_type, "recorded_as": authorisation.recorded_as}


def get_authorisation(session: Session, authorisation_id: int) -> Authorisation:
    found = session.get(Authorisation, authorisation_id)
    if found is None:
        raise NotFound(f"授权 #{authorisation_id} 不存在")
    return found


def may_read(viewer: Viewer, authorisation: Authorisation) -> bool:
    """The subject that granted it, the third party it names, and the credit office."""
    return (viewer.audience is Audience.OFFICE
            or (viewer.audience is Audience.SUBJECT and viewer.subject_id == authorisation.subject_id)
            or (viewer.audience is Audience.THIRD_PARTY and viewer.account_id == authorisation.grantee_account_id))


def revoke_authorisation(session: Session, actor: Viewer, authorisation_id: int, reason: str, *,
                         now: datetime) -> Authorisation:
    authorisation = get_authorisation(session, authorisation_id)
    own = actor.audience is Audience.SUBJECT and actor.subject_id == authorisation.subject_id
    if not (own or actor.audience is Audience.OFFICE):
        raise Forbidden("只有授权的主体本人（或信用办）可以撤销授权")
    if authorisation.revoked_at is not None:
        raise Conflict(f"授权 #{authorisation.id} 已于 {authorisation.revoked_at:%Y-%m-%d %H:%M} 撤销")
    reason = (reason or "").strip()[:MAX_PURPOSE] or "主体撤销授权"
    event = append_event(session, at=now, kind="authorisations:authorisation:revoked", actor=actor.actor,
                         subject_id=authorisation.subject_id, object_ref=f"authorisation:{authorisation.id}",
                         payload={"authorisation": authorisation.id, "reason": reason})
    session.flush()
    authorisation.revoked_at, authorisation.revoked_by = now, actor.actor
    authorisation.revoke_reason, authorisation.revoke_event_id = reason, event.id
    return authorisation


def status_of(authorisation: Authorisation, today: date) -> str:
    if authorisation.revoked_at is not None:
        return "已撤销"
    if today < authorisation.valid_from:
        return "未生效"
    if today > authorisation.valid_until:
        return "已过期"
    return "有效"


def authorised_viewer(session: Session, viewer: Viewer, authorisation_id: int, today: date) -> Viewer:
    """The third party as it may look while using this authorisation; refused unless it is the
    grantee and the authorisation is in force today."""
    if viewer.audience is not Audience.THIRD_PARTY:
        raise Forbidden("只有授权查询机构的账号可以凭书面授权获取报告（请先登录）")
    authorisation = get_authorisation(session, authorisation_id)
    if viewer.account_id != authorisation.grantee_account_id:
        raise Forbidden(f"授权 #{authorisation.id} 不是授予当前账号的，不能使用")
    status = status_of(authorisation, today)
    if status == "已撤销":
        raise Forbidden(f"授权 #{authorisation.id} 已于 {authorisation.revoked_at:%Y-%m-%d} 被撤销，不能再用于查询")
    if status == "已过期":
        raise Forbidden(f"授权 #{authorisation.id} 已于 {authorisation.valid_until} 到期，不能再用于查询；"
                        "请主体重新授权")
    if status == "未生效":
        raise Forbidden(f"授权 #{authorisation.id} 自 {authorisation.valid_from} 起生效，今天还不能使用")
    subject = canonical(session, session.get_one(Subject, authorisation.subject_id))
    return replace(viewer, authorisation_id=authorisation.id, subject_id=subject.id,
                   categories=frozenset(authorisation.categories))


def authorisations_for(session: Session, viewer: Viewer, limit: int = 200) -> Sequence[Authorisation]:
    """A subject's grants, a third party's authorisations, or (the office) the latest of all."""
    query = select(Authorisation).order_by(Authorisation.id.desc()).limit(limit)
    if viewer.audience is Audience.SUBJECT:
        return session.scalars(query.where(Authorisation.subject_id == viewer.subject_id)).all()
    if viewer.audience is Audience.THIRD_PARTY:
        return session.scalars(query.where(Authorisation.grantee_account_id == viewer.account_id)).all()
    if viewer.audience is Audience.OFFICE:
        return session.scalars(query).all()
    raise Forbidden("只有主体、授权查询机构和信用办可以查看授权")


def uses_of(session: Session, authorisation: Authorisation) -> list[QueryLogEntry]:
    """Every use of an authorisation: the query log entries that name it (newest first)."""
    entries = session.scalars(select(QueryLogEntry).where(
        QueryLogEntry.subject_id == authorisation.subject_id,
        QueryLogEntry.account_id == authorisation.grantee_account_id).order_by(QueryLogEntry.at.desc(),
                                                                               QueryLogEntry.id.desc()))
    return [e for e in entries if e.detail.get("authorisation") == authorisation.id]
