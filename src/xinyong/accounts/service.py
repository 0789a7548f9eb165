"""Creating accounts, signing in, issuing and checking API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.accounts.models import Account, ApiToken, Role
from xinyong.accounts.passwords import hash_password, verify_password
from xinyong.errors import Conflict, NotFound, UserError
from xinyong.subjects.models import Subject

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{2,63}$")
MIN_PASSWORD = 8


def create_account(session: Session, *, username: str, display_name: str, role: Role, password: str,
                   now: datetime, created_by: str, department_code: str | None = None,
                   subject_id: int | None = None) -> Account:
    if not _USERNAME.match(username):
        raise UserError(f"用户名“{username}”无效：须为 3–64 位小写字母、数字、点、下划线或连字符，以字母或数字开头")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"密码太短：至少 {MIN_PASSWORD} 位")
    if role is Role.DEPARTMENT and not department_code:
        raise UserError("部门账号必须指明所属部门")
    if role is Role.SUBJECT and (subject_id is None or session.get(Subject, subject_id) is None):
        raise UserError("主体账号必须关联一个已登记的主体")
    if session.scalar(select(Account.id).where(Account.username == username)) is not None:
        raise Conflict(f"用户名“{username}”已被使用")
    account = Account(username=username, display_name=display_name, role=role.value,
                      password_hash=hash_password(password),
                      department_code=department_code if role is Role.DEPARTMENT else None,
                      subject_id=subject_id if role is Role.SUBJECT else None, created_at=now,
                      created_by=created_by)
    session.add(account)
    session.flush()
    return account


def authenticate(session: Session, username: str, password: str) -> Account | None:
    account = session.scalar(select(Account).where(Account.username == username.strip().lower()))
    if account is None or not account.active or not verify_password(password, account.password_hash):
        return None
    return account


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def issue_token(session: Session, account: Account, name: str, now: datetime) -> tuple[str, ApiToken]:
    """A new token for ``account``; the plain token is returned once and never stored."""
    prefix = secrets.token_hex(4)
    token = f"xy_{prefix}_{secrets.token_urlsafe(32)}"
    record = ApiToken(account_id=account.id, name=name, prefix=prefix, token_hash=_token_hash(token),
                      created_at=now)
    session.add(record)
    session.flush()
    return token, record


def account_for_token(session: Session, token: str, now: datetime) -> Account | None:
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token),
                                                   ApiToken.revoked_at.is_(None)))
    if record is None:
        return None
    account = session.get(Account, record.account_id)
    if account is None or not account.active:
        return None
    record.last_used_at = now
    return account


def revoke_token(session: Session, token_id: int, now: datetime) -> ApiToken:
    record = session.get(ApiToken, token_id)
    if record is None:
        raise NotFound(f"令牌 {token_id} 不存在")
    record.revoked_at = now
    return record
