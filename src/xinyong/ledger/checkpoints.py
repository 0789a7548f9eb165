"""Issuing signed checkpoints (签名检查点) of the tree head.

A checkpoint is signed on demand for the current head and kept; asking again at the same size
returns the same one. Before signing, the head is checked against the stored subtrees and, by a
consistency proof, against the last checkpoint: a log must never sign two inconsistent heads.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.errors import NotFound
from xinyong.ledger import merkle, store
from xinyong.ledger.models import LedgerCheckpoint
from xinyong.ledger.note import Checkpoint, Signer


def latest_checkpoint(session: Session) -> LedgerCheckpoint | None:
    return session.execute(select(LedgerCheckpoint).order_by(LedgerCheckpoint.tree_size.desc()).limit(1)
                           ).scalar_one_or_none()


def checkpoint_at(session: Session, size: int) -> LedgerCheckpoint:
    query = select(LedgerCheckpoint).where(LedgerCheckpoint.tree_size == size)
    found = session.execute(query).scalar_one_or_none()
    if found is None:
        raise NotFound(f"没有树大小为 {size} 的检查点")
    return found


def _check_head(session: Session, head: store.TreeHead, previous: LedgerCheckpoint | None) -> None:
    if merkle.range_hashes([(0, head.size)], store.fetcher(session))[0] != head.root:
        raise store.LedgerTampered(f"账本头记录的根哈希与存储的子树哈希不符（大小 {head.size}），"
                                   "拒绝签发检查点")
    if previous is None:
        return
    if previous.tree_size > head.size:
        raise store.LedgerTampered(f"账本只剩 {head.size} 片叶子，"
                                   f"少于已签发检查点的 {previous.tree_size} 片，拒绝签发检查点")
    proof = store.consistency_proof(session, previous.tree_size, head.size)
    if not merkle.verify_consistency(previous.tree_size, head.size, proof, previous.root_hash, head.root):
        raise store.LedgerTampered(f"当前账本与大小为 {previous.tree_size} 的已签发检查点不一致，"
                                   "拒绝签发检查点")


def current_checkpoint(session: Session, now: datetime, signer: Signer) -> LedgerCheckpoint:
    """The signed checkpoint of the current head, issuing (and keeping) it if it is new."""
    head = store.read_head(session)
    previous = latest_checkpoint(session)
    if previous is not None and previous.tree_size == head.size:
        return previous
    _check_head(session, head, previous)
    note = signer.sign(Checkpoint(signer.name, head.size, head.root).text())
    session.execute(store.insert_ignoring_duplicates(session, LedgerCheckpoint.__table__).values(
        tree_size=head.size, root_hash=head.root, note=note, issued_at=now))
    return checkpoint_at(session, head.size)
