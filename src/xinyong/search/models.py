"""The search index: keys of public subjects and the bigram postings of their names.

Maintained by ``xinyong.search.index.refresh_subjects`` wherever subjects are registered,
renamed, merged or corrected; rebuilt from the registry by ``xinyong search reindex``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base

#: Keys compare by code point on both databases (SQLite's BINARY; "C" on PostgreSQL whatever the
#: database's collation), so a prefix is a range of the index.
KeyText = String(200).with_variant(String(200, collation="C"), "postgresql")


class SearchKey(Base):
    """One way to find a subject: its name, a former name (曾用名) or its organisation-code body.

    ``role`` is ``name``, ``former`` or ``org_code``; ``key`` the search key (``search_key`` of a
    name, the 9-character body of a USCC for ``org_code``). Only organisations and individual
    businesses are here, never people; a merged subject's names are kept under the survivor.
    """

    __tablename__ = "search_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    role: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(KeyText)

    __table_args__ = (
        UniqueConstraint("subject_id", "role", "key"),
        Index("ix_search_keys_role_key", "role", "key", "subject_id"),
    )


class SearchGram(Base):
    """A posting: the name key ``key_id`` contains the bigram ``gram`` (see ``normalise.bigrams``)."""

    __tablename__ = "search_grams"

    gram: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # No foreign key: postings are derived from their key and deleted with it, and a foreign key
    # would make every deletion of a key scan the postings (they are indexed by gram first).
    key_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)

    __table_args__ = ({"sqlite_with_rowid": False},)
