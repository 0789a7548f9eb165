"""Authorisations and their signed documents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Json, Moment


class Authorisation(Base):
    """A subject's written authorisation for one third-party account (授权查询机构).

    ``categories`` are the catalog categories whose 授权查询 items it opens; public items are
    open to everyone anyway. ``event_id`` and ``revoke_event_id`` are the events that recorded the
    grant and the revocation; like the ledger they carry no foreign key, so that a deleted event
    stays detectable by the audit instead of being refused by a constraint.
    """

    __tablename__ = "authorisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    grantee_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(300))
    categories: Mapped[list[str]] = mapped_column(Json)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    document_name: Mapped[str] = mapped_column(String(200))
    document_type: Mapped[str] = mapped_column(String(40))
    document_size: Mapped[int] = mapped_column(Integer)
    document_sha256: Mapped[str] = mapped_column(String(64))
    recorded_as: Mapped[str] = mapped_column(String(10))  # "subject" (自助授权) or "office" (线下书面授权)
    recorded_by: Mapped[str] = mapped_column(String(120))
    granted_at: Mapped[datetime] = mapped_column(Moment)
    event_id: Mapped[int] = mapped_column(BigInteger)
    revoked_at: Mapped[datetime | None] = mapped_column(Moment)
    revoked_by: Mapped[str | None] = mapped_column(String(120))
    revoke_reason: Mapped[str | None] = mapped_column(String(300))
    revoke_event_id: Mapped[int | None] = mapped_column(BigInteger)


class AuthorisationDocument(Base):
    """The uploaded signed document itself, apart from the row so that listings never load it."""

    __tablename__ = "authorisation_documents"

    authorisation_id: Mapped[int] = mapped_column(ForeignKey("authorisations.id"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
