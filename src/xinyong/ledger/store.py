"""The Merkle tree kept in the database: leaves, complete-subtree hashes and the head.

Roots and proofs read O(log n) rows in two queries whatever the size; appending hashes only the
new leaves and the subtrees they complete, carrying the tree's right edge (``Frontier``) along.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Insert

from xinyong.errors import NotFound, UserError
from xinyong.ledger import merkle
from xinyong.ledger.models import LEVEL_SHIFT, LedgerHead, LedgerLeaf, LedgerNode, node_key

HEAD_ID = 1
_leaves = LedgerLeaf.__table__
_nodes = LedgerNode.__table__
_head = LedgerHead.__table__
# Built once: a proof's lookups reuse one compiled statement per table.
_LEAVES_IN = select(_leaves.c.idx, _leaves.c.leaf_hash).where(
    _leaves.c.idx.in_(bindparam("keys", expanding=True)))
_NODES_IN = select(_nodes.c.node_key, _nodes.c.hash).where(
    _nodes.c.node_key.in_(bindparam("keys", expanding=True)))


class LedgerTampered(UserError):
    """Stored ledger data contradicts itself; the message names what and where."""

    status_code = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, code="ledger_integrity")


@dataclass(frozen=True)
class TreeHead:
    size: int
    root: bytes


def insert_ignoring_duplicates(session: Session, table: Table) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` in the session's dialect."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def read_head(session: Session) -> TreeHead:
    row = session.execute(select(_head.c.size, _head.c.root_hash).where(_head.c.id == HEAD_ID)).first()
    return TreeHead(row.size, row.root_hash) if row else TreeHead(0, merkle.EMPTY_ROOT)


def lock_head(session: Session, now: datetime) -> TreeHead:
    """Take the ledger's write lock for the rest of the transaction and read the head under it.

    The UPDATE row-locks the head on PostgreSQL (a second sealer waits, then reads what the first
    committed) and makes SQLite take its single writer lock before anything is read.
    """
    session.execute(insert_ignoring_duplicates(session, _head).values(
        id=HEAD_ID, size=0, root_hash=merkle.EMPTY_ROOT, updated_at=now))
    row = session.execute(update(_head).where(_head.c.id == HEAD_ID).values(size=_head.c.size)
                          .returning(_head.c.size, _head.c.root_hash)).one()
    return TreeHead(row.size, row.root_hash)


def subtree_hashes(session: Session, subtrees: Collection[merkle.Subtree]) -> dict[merkle.Subtree, bytes]:
    """The stored hash of each complete subtree; ``LedgerTampered`` names any that is missing."""
    leaves = [i for level, i in subtrees if level == 0]
    nodes = [node_key(level, i) for level, i in subtrees if level > 0]
    found: dict[merkle.Subtree, bytes] = {}
    if leaves:
        found.update({(0, idx): h for idx, h in session.execute(_LEAVES_IN, {"keys": leaves})})
    if nodes:
        mask = (1 << LEVEL_SHIFT) - 1
        rows = session.execute(_NODES_IN, {"keys": nodes})
        found.update({(key >> LEVEL_SHIFT, key & mask): h for key, h in rows})
    missing = sorted(set(subtrees) - found.keys())
    if missing:
        level, i = missing[0]
        raise LedgerTampered(f"账本缺少子树哈希（层 {level}，序号 {i}），共缺 {len(missing)} 个；请运行 "
                             "xinyong verify-ledger --against 检查点文件 核查")
    return found


def fetcher(session: Session) -> merkle.Fetch:
    return lambda subtrees: subtree_hashes(session, subtrees)


def frontier(session: Session, size: int) -> merkle.Frontier:
    parts = merkle.peaks(0, size)
    known = subtree_hashes(session, parts)
    return merkle.Frontier(size, [known[p] for p in parts])


def append_leaves(session: Session, edge: merkle.Frontier, items: Iterable[tuple[int, bytes]]) -> int:
    """Append ``(event_id, leaf_hash)`` pairs after ``edge`` and store the subtrees they complete.

    The caller holds the lock (``lock_head``) and saves the new head; returns how many were added.
    """
    leaf_rows, node_rows = [], []
    for event_id, leaf in items:
        leaf_rows.append({"idx": edge.size, "event_id": event_id, "leaf_hash": leaf})
        node_rows.extend({"node_key": node_key(lv, i), "hash": h} for lv, i, h in edge.append(leaf))
    if leaf_rows:
        session.execute(insert(_leaves), leaf_rows)
    if node_rows:
        session.execute(insert(_nodes), node_rows)
    return len(leaf_rows)


def save_head(session: Session, edge: merkle.Frontier, now: datetime) -> TreeHead:
    head = TreeHead(edge.size, edge.root())
    session.execute(update(_head).where(_head.c.id == HEAD_ID)
                    .values(size=head.size, root_hash=head.root, updated_at=now))
    return head


def check_size(size: int, head: TreeHead, name: str = "size") -> None:
    if size < 0 or size > head.size:
        raise UserError(f"{name}={size} 超出账本范围：账本现有 {head.size} 片叶子，"
                        f"树大小只能取 0 到 {head.size}")


def root_at(session: Session, size: int) -> bytes:
    check_size(size, read_head(session))
    return merkle.range_hashes([(0, size)], fetcher(session))[0]


def inclusion_proof(session: Session, index: int, size: int) -> list[bytes]:
    check_size(size, read_head(session))
    if not 0 <= index < size:
        raise UserError(f"叶子序号 index={index} 不在大小为 {size} 的树中（应为 0 到 {size - 1}）")
    return merkle.inclusion_proof(index, size, fetcher(session))


def consistency_proof(session: Session, first: int, second: int) -> list[bytes]:
    head = read_head(session)
    check_size(second, head, "second")
    if not 0 <= first <= second:
        raise UserError(f"first={first} 应在 0 到 second={second} 之间：一致性证明从较小的树到较大的树")
    return merkle.consistency_proof(first, second, fetcher(session))


def leaf_of_event(session: Session, event_id: int) -> LedgerLeaf:
    leaf = session.execute(select(LedgerLeaf).where(LedgerLeaf.event_id == event_id)).scalar_one_or_none()
    if leaf is None:
        raise NotFound(f"事件 #{event_id} 尚未记入账本：事件不存在，或尚未封存（xinyong ledger seal）")
    return leaf
