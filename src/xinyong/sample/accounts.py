"""Demo accounts of the sample city: one for the credit office, one per department, one business,
one bank that businesses authorise to obtain their reports (授权查询机构).

The password is the same for all and printed by ``make run``: these accounts exist only in the
sample city, never in a real deployment.
"""

from __future__ import annotations

from typing import Any

from rich.progress import Progress
from sqlalchemy import select

from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account
from xinyong.platform import Platform
from xinyong.subjects.models import Subject

DEMO_PASSWORD = "xinyong-demo"
OFFICE = ("xinyongban", "珠海市信用办 王主任")
SUBJECT = "qiye"
BANK = ("yinhang", "珠海农商银行信贷部")


def demo_accounts(platform: Platform) -> list[tuple[str, str]]:
    """(username, who) of every demo account, for the start-up banner."""
    departments = [(d.code.lower(), d.name) for d in platform.catalog.departments()]
    return [OFFICE, *departments[:3], (SUBJECT, "样例企业（本企业档案）"), (BANK[0], f"{BANK[1]}（授权查询机构）")]


def accounts_step(platform: Platform, city: Any, progress: Progress) -> None:
    now = platform.clock.now()
    with platform.db.session() as session:
        create_account(session, username=OFFICE[0], display_name=OFFICE[1], role=Role.OFFICE, password=DEMO_PASSWORD,
                       now=now, created_by="sample")
        for department in platform.catalog.departments():
            create_account(session, username=department.code.lower(), display_name=department.name,
                           role=Role.DEPARTMENT, password=DEMO_PASSWORD, department_code=department.code, now=now,
                           created_by="sample")
        create_account(session, username=BANK[0], display_name=BANK[1], role=Role.THIRD_PARTY,
                       password=DEMO_PASSWORD, now=now, created_by="sample")
        firm = session.scalar(select(Subject.id).where(Subject.category == "enterprise",
                                                       Subject.code_verdict == "valid").order_by(Subject.id))
        if firm is not None:
            create_account(session, username=SUBJECT, display_name="样例企业", role=Role.SUBJECT,
                           password=DEMO_PASSWORD, subject_id=firm, now=now, created_by="sample")
