"""Accounts: the credit office issues them; people sign in; business systems use tokens."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from xinyong.accounts.models import Role
from xinyong.accounts.service import account_for_token, authenticate, create_account, issue_token, revoke_token
from xinyong.errors import Conflict, UserError
from xinyong.platform import Platform
from xinyong.web.app import create_app


def _office(platform: Platform, session, username: str = "zhang.ke") -> object:
    return create_account(session, username=username, display_name="张科长", role=Role.OFFICE,
                          password="correct horse", now=platform.clock.now(), created_by="test")


def test_sign_in_with_the_right_password_only(platform: Platform) -> None:
    with platform.db.session() as session:
        _office(platform, session)
    with platform.db.session() as session:
        assert authenticate(session, "zhang.ke", "correct horse") is not None
        assert authenticate(session, "ZHANG.KE ", "correct horse") is not None
        assert authenticate(session, "zhang.ke", "wrong horse") is None
        stored = session.execute(text("SELECT password_hash FROM accounts")).scalar()
    assert "correct horse" not in stored and stored.startswith("scrypt$")


def test_bad_accounts_are_refused_with_reasons(platform: Platform) -> None:
    with platform.db.session() as session:
        _office(platform, session)
    with platform.db.session() as session, pytest.raises(Conflict, match="已被使用"):
        _office(platform, session)
    with platform.db.session() as session, pytest.raises(UserError, match="用户名"):
        create_account(session, username="张三", display_name="x", role=Role.OFFICE, password="12345678",
                       now=platform.clock.now(), created_by="test")
    with platform.db.session() as session, pytest.raises(UserError, match="密码太短"):
        create_account(session, username="li.si", display_name="x", role=Role.OFFICE, password="short",
                       now=platform.clock.now(), created_by="test")
    with platform.db.session() as session, pytest.raises(UserError, match="所属部门"):
        create_account(session, username="li.si", display_name="x", role=Role.DEPARTMENT, password="12345678",
                       now=platform.clock.now(), created_by="test")


def test_tokens_work_until_revoked_and_only_their_hash_is_kept(platform: Platform) -> None:
    with platform.db.session() as session:
        account = _office(platform, session)
        token, record = issue_token(session, account, "批量接口", platform.clock.now())
    assert re.fullmatch(r"xy_[0-9a-f]{8}_[\w-]{43}", token)
    with platform.db.session() as session:
        assert account_for_token(session, token, platform.clock.now()).username == "zhang.ke"
        assert account_for_token(session, token + "x", platform.clock.now()) is None
        revoke_token(session, record.id, platform.clock.now())
    with platform.db.session() as session:
        assert account_for_token(session, token, platform.clock.now()) is None
        assert token not in str(session.execute(text("SELECT * FROM api_tokens")).all())


def test_login_page_signs_in_and_out(platform: Platform) -> None:
    with platform.db.session() as session:
        _office(platform, session)
    client = TestClient(create_app(platform))
    form = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    refused = client.post("/login", data={"username": "zhang.ke", "password": "nope", "csrf": csrf})
    assert refused.status_code == 401 and "用户名或密码不正确" in refused.text
    signed_in = client.post("/login", data={"username": "zhang.ke", "password": "correct horse", "csrf": csrf,
                                            "next": "https://evil.example/"}, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/"
    home = client.get("/")
    assert "张科长" in home.text and "信用办工作人员" in home.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', home.text).group(1)
    client.post("/logout", data={"csrf": csrf})
    assert "张科长" not in client.get("/").text


def test_a_form_without_its_csrf_token_is_refused(platform: Platform) -> None:
    with platform.db.session() as session:
        _office(platform, session)
    client = TestClient(create_app(platform))
    answer = client.post("/login", data={"username": "zhang.ke", "password": "correct horse"})
    assert answer.status_code == 403 and "表单已过期" in answer.text
