"""The ledger's tables (存证账本): leaves, complete-subtree hashes, the tree head, checkpoints.

Sized for tens of millions of leaves: a leaf is an integer key, an event id and 32 bytes; a
node is an integer key and 32 bytes. ``ledger_leaves.event_id`` deliberately has no foreign key to
``events``: a deleted event must stay *detectable* by the audit (a constraint stops nobody who can
write SQL), and the benchmark appends leaves without building millions of events first.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from xinyong.db.base import Base
from xinyong.db.types import Moment

# INTEGER on SQLite makes the key the rowid: no second index beside the table.
RowKey = BigInteger().with_variant(Integer, "sqlite")


class LedgerLeaf(Base):
    """Leaf ``idx`` of the Merkle tree: SHA-256(0x00 ‖ the event's canonical bytes)."""

    __tablename__ = "ledger_leaves"

    idx: Mapped[int] = mapped_column(RowKey, primary_key=True, autoincrement=False)
    event_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))


LEVEL_SHIFT = 48
"""Subtree keys are level·2^48 + index: room for 2^48 leaves."""


def node_key(level: int, index: int) -> int:
    return (level << LEVEL_SHIFT) | index


class LedgerNode(Base):
    """The hash of the complete subtree over leaves [i·2^level, (i+1)·2^level), level ≥ 1.

    Keyed by one integer, ``node_key(level, i)``, so that all the subtrees of a proof come back
    from a single indexed ``IN`` list, and a level is one key range.
    """

    __tablename__ = "ledger_nodes"

    node_key: Mapped[int] = mapped_column(RowKey, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class LedgerHead(Base):
    """The one row (id 1) holding the current size and root; sealing locks it."""

    __tablename__ = "ledger_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    updated_at: Mapped[datetime] = mapped_column(Moment)


class LedgerGap(Base):
    """Event ids skipped while sealing: an open transaction may still commit them (PostgreSQL).

    Sealing looks here for late events until the gap is older than ``ledger_gap_wait_seconds``.
    """

    __tablename__ = "ledger_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_event_id: Mapped[int] = mapped_column(BigInteger)
    last_event_id: Mapped[int] = mapped_column(BigInteger)
    noticed_at: Mapped[datetime] = mapped_column(Moment, index=True)


class LedgerCheckpoint(Base):
    """Every signed checkpoint the platform issued, as the exact signed-note text."""

    __tablename__ = "ledger_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tree_size: Mapped[int] = mapped_column(BigInteger, unique=True)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    note: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(Moment)
