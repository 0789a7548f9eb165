"""Who is looking: the one input the disclosure policy needs about a person."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xinyong.accounts.models import Account, Role


class Audience(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not (社会公开)
    SUBJECT = "subject"  # the subject itself (本人)
    DEPARTMENT = "department"  # a government department (政务共享)
    OFFICE = "office"  # the credit office (信用办)
    THIRD_PARTY = "third_party"  # someone holding the subject's written authorisation (授权查询)


@dataclass(frozen=True)
class Viewer:
    audience: Audience
    account_id: int | None = None
    username: str = ""
    display_name: str = "公众"
    department_code: str | None = None
    subject_id: int | None = None
    """The subject a subject account acts for; for a third party, the subject whose authorisation it uses."""
    authorisation_id: int | None = None
    """The written authorisation (授权书) a third party is using; None: it sees what the public sees."""
    categories: frozenset[str] | None = None
    """Catalog categories that authorisation opens beyond the public ones; None: no restriction."""

    @property
    def actor(self) -> str:
        """How this viewer is named in events and logs: its account, or a command line's name."""
        return f"account:{self.username}" if self.account_id else (self.username or "public")

    @property
    def signed_in(self) -> bool:
        return self.account_id is not None


PUBLIC = Viewer(Audience.PUBLIC)


def viewer_for(account: Account) -> Viewer:
    audience = {Role.OFFICE: Audience.OFFICE, Role.DEPARTMENT: Audience.DEPARTMENT,
                Role.SUBJECT: Audience.SUBJECT, Role.THIRD_PARTY: Audience.THIRD_PARTY}[Role(account.role)]
    return Viewer(audience=audience, account_id=account.id, username=account.username,
                  display_name=account.display_name, department_code=account.department_code,
                  subject_id=account.subject_id)
