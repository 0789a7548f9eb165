"""``xinyong accounts …``: issue accounts and API tokens (the credit office's job)."""

from __future__ import annotations

import json
import sys

import typer
from rich.console import Console
from sqlalchemy import select

from xinyong.accounts.models import Account, Role
from xinyong.accounts.service import create_account, issue_token
from xinyong.errors import NotFound, UserError
from xinyong.platform import Platform
from xinyong.subjects.lookup import get_subject
from xinyong.subjects.person_ids import PersonIdVault

console = Console()


def register(app: typer.Typer) -> None:
    accounts_app = typer.Typer(help="账号：信用办、部门与主体账号，以及接口令牌。", no_args_is_help=True)

    @accounts_app.command("create")
    def create(
        username: str,
        role: Role = typer.Option(..., help="office, department, subject or third_party (授权查询机构)."),
        name: str = typer.Option(..., "--name", help="Display name, e.g. 市场监督管理局 张科员."),
        department: str = typer.Option(None, help="Department code (department accounts)."),
        subject: str = typer.Option(None, help="The subject's code (subject accounts)."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    ) -> None:
        """Create an account. Subject accounts are issued by the credit office after checking identity."""
        password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt(
            "密码", hide_input=True, confirmation_prompt=True)
        with Platform.open() as platform, platform.db.session() as session:
            subject_id = get_subject(session, PersonIdVault(platform.keys), subject).id if subject else None
            account = create_account(session, username=username, display_name=name, role=role, password=password,
                                     department_code=department, subject_id=subject_id, now=platform.clock.now(),
                                     created_by="cli")
            console.print(f"已创建账号 {account.username}（#{account.id}）")

    @accounts_app.command("token")
    def token(username: str, name: str = typer.Option("业务系统", "--name", help="What the token is for.")) -> None:
        """Issue an API token for USERNAME; it is printed once and never stored."""
        with Platform.open() as platform, platform.db.session() as session:
            account = session.scalar(select(Account).where(Account.username == username))
            if account is None:
                raise NotFound(f"账号“{username}”不存在")
            if not account.active:
                raise UserError(f"账号“{username}”已停用")
            plain, _ = issue_token(session, account, name, platform.clock.now())
        print(plain)

    @accounts_app.command("list")
    def list_accounts() -> None:
        """List accounts as JSON lines."""
        with Platform.open() as platform, platform.db.session() as session:
            for account in session.scalars(select(Account).order_by(Account.id)):
                print(json.dumps({"username": account.username, "name": account.display_name, "role": account.role,
                                  "department": account.department_code, "subject_id": account.subject_id,
                                  "active": account.active}, ensure_ascii=False))

    app.add_typer(accounts_app, name="accounts")
