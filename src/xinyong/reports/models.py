"""Every issued credit report, with who asked, for which audience, and the hash the ledger holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Moment


class IssuedReport(Base):
    """One report handed out. ``content_sha256`` and ``content_size`` are those of the exact bytes
    the ``reports:report:issued`` event commits to: the HTML, or the PDF before its evidence was
    appended (``docs/reports.md``). ``event_id`` carries no foreign key, as in the ledger: a deleted
    event must stay detectable by the audit."""

    __tablename__ = "issued_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(22), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    audience: Mapped[str] = mapped_column(String(16))
    authorisation_id: Mapped[int | None] = mapped_column(ForeignKey("authorisations.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    requested_by: Mapped[str] = mapped_column(String(120))
    via: Mapped[str] = mapped_column(String(10))
    format: Mapped[str] = mapped_column(String(8))
    layout_version: Mapped[str] = mapped_column(String(20))
    record_count: Mapped[int] = mapped_column(Integer)
    content_sha256: Mapped[str] = mapped_column(String(64))
    content_size: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(Moment)
    event_id: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_issued_reports_subject_issued", "subject_id", "issued_at"),)
