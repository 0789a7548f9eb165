"""Auditing the ledger in the database against a saved checkpoint (账本核查).

Recomputes every leaf from the stored events, the tree over them, every stored subtree hash from
the level below, and compares the roots with the saved checkpoint and with every checkpoint the
platform issued. Any changed, deleted or reordered event, leaf or node is reported by position
and by what differs. Time is O(n) and memory O(log n) plus one page of rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, and_, exists, func, select
from sqlalchemy.orm import Session

from xinyong.clock import CHINA
from xinyong.events.models import Event
from xinyong.ledger import merkle, store
from xinyong.ledger.models import LedgerCheckpoint, LedgerGap, LedgerLeaf, LedgerNode, node_key
from xinyong.ledger.note import Checkpoint
from xinyong.ledger.seal import EVENT_COLUMNS, event_bytes

PAGE = 10_000
_leaves, _nodes, _events = LedgerLeaf.__table__, LedgerNode.__table__, Event.__table__


@dataclass
class AuditReport:
    leaves: int = 0
    size: int = 0
    """One past the highest leaf index stored: the size the stored tree claims."""
    nodes: int = 0
    pending_events: int = 0
    findings: list[str] = field(default_factory=list)
    roots: dict[int, bytes] = field(default_factory=dict)
    """The root recomputed from the events at each checkpoint size of interest."""
    recomputed_leaves: dict[int, bytes] = field(default_factory=dict)
    """The leaves whose stored hash differs from their event's, with the event's hash."""

    @property
    def clean(self) -> bool:
        return not self.findings


def _short(h: bytes | None) -> str:
    return h.hex()[:16] + "…" if h else "（无）"


def _leaf_rows(session: Session) -> Iterator[Row[Any]]:
    after = -1
    while True:
        query = (select(_leaves.c.idx, _leaves.c.event_id, _leaves.c.leaf_hash, *EVENT_COLUMNS)
                 .select_from(_leaves.outerjoin(_events, _events.c.id == _leaves.c.event_id))
                 .where(_leaves.c.idx > after).order_by(_leaves.c.idx).limit(PAGE))
        rows = list(session.execute(query))
        if not rows:
            return
        yield from rows
        after = rows[-1].idx


def _check_leaf(row: Row[Any], report: AuditReport) -> bytes:
    """The leaf hash the event gives (the stored one if the event is gone), noting what differs."""
    if row.id is None:
        report.findings.append(f"叶子 {row.idx}：记录的事件 #{row.event_id} 已不存在（被删除）")
        return row.leaf_hash
    data = event_bytes(row)
    recomputed = merkle.leaf_hash(data)
    digest_ok = hashlib.sha256(data).hexdigest() == row.digest
    where = f"叶子 {row.idx}（事件 #{row.id}，{row.kind}）"
    if recomputed != row.leaf_hash:
        report.recomputed_leaves[row.idx] = recomputed
        cause = "事件内容在入账后被改动" if not digest_ok else \
            "叶子哈希或其事件编号被改动，或事件内容连同其摘要被改动"
        report.findings.append(f"{where}：存储的叶子哈希 {_short(row.leaf_hash)} 与按事件重算的 "
                               f"{_short(recomputed)} 不符 — {cause}")
    elif not digest_ok:
        report.findings.append(f"{where}：事件的 digest 列被改动（内容与叶子一致）")
    return recomputed


def _scan_leaves(session: Session, report: AuditReport, sizes: set[int]) -> merkle.Frontier | None:
    edge: merkle.Frontier | None = merkle.Frontier()
    if 0 in sizes:
        report.roots[0] = merkle.EMPTY_ROOT
    for row in _leaf_rows(session):
        leaf = _check_leaf(row, report)
        if row.idx != report.size:
            missing = f"{report.size}" if row.idx == report.size + 1 else f"{report.size} 到 {row.idx - 1}"
            report.findings.append(f"叶子 {missing} 缺失（被删除）；其后的根哈希无法重算")
            edge = None
        report.leaves += 1
        report.size = row.idx + 1
        if edge is not None:
            edge.append(leaf)
            if edge.size in sizes:
                report.roots[edge.size] = edge.root()
    return edge


def _level(session: Session, level: int) -> Iterator[tuple[int, bytes]]:
    """A level's stored hashes by index: the leaves, or one key range of the subtrees."""
    key, value = (_leaves.c.idx, _leaves.c.leaf_hash) if level == 0 else (_nodes.c.node_key, _nodes.c.hash)
    base = node_key(level, 0) if level else 0
    after, end = base - 1, node_key(level + 1, 0)
    while True:
        query = select(key, value).where(key > after, key < end).order_by(key).limit(PAGE)
        rows = list(session.execute(query))
        if not rows:
            return
        yield from ((row[0] - base, row[1]) for row in rows)
        after = rows[-1][0]


class _Cursor:
    """Reads a level's stored hashes by increasing index, from one ordered stream."""

    def __init__(self, rows: Iterator[tuple[int, bytes]]) -> None:
        self._rows, self._next = rows, next(rows, None)

    def take(self, index: int) -> bytes | None:
        while self._next is not None and self._next[0] < index:
            self._next = next(self._rows, None)
        if self._next is not None and self._next[0] == index:
            return self._next[1]
        return None

    def rest(self) -> list[int]:
        extra = [self._next[0]] if self._next is not None else []
        return extra + [i for i, _ in self._rows]


def _check_nodes(session: Session, size: int, report: AuditReport) -> None:
    """Check each stored subtree hash against the level below.

    A child already found wrong also counts with its recomputed value, so that a single changed
    hash is reported once and not again at every ancestor above it.
    """
    alternatives = {i: {h} for i, h in report.recomputed_leaves.items()}
    level = 1
    while (1 << level) <= size:
        children, parents = _Cursor(_level(session, level - 1)), _Cursor(_level(session, level))
        flagged: dict[int, set[bytes]] = {}
        for j in range(size >> level):
            left, right, stored = children.take(2 * j), children.take(2 * j + 1), parents.take(j)
            if stored is None:
                report.findings.append(f"子树哈希（层 {level}，序号 {j}）缺失（被删除）")
                continue
            report.nodes += 1
            if left is None or right is None:
                continue
            lefts = alternatives.get(2 * j, set()) | {left}
            rights = alternatives.get(2 * j + 1, set()) | {right}
            possible = {merkle.node_hash(x, y) for x in lefts for y in rights}
            if stored not in possible:
                flagged[j] = possible
                report.findings.append(f"子树哈希（层 {level}，序号 {j}）被改动：存储 {_short(stored)}，"
                                       f"按下一层应为 {_short(merkle.node_hash(left, right))}")
        extra = [j for j in parents.rest() if j >= size >> level]
        if extra:
            report.findings.append(f"层 {level} 多出 {len(extra)} 个超出账本大小的子树哈希"
                                   f"（序号 {extra[0]} 起）")
        alternatives = flagged
        level += 1
    stray = session.execute(select(func.count()).select_from(_nodes)
                            .where(_nodes.c.node_key >= node_key(level, 0))).scalar_one()
    if stray:
        report.findings.append(f"存储了 {stray} 个高于第 {level - 1} 层的子树哈希，超出账本大小")


def _compare_root(report: AuditReport, size: int, root: bytes, what: str) -> None:
    if size > report.leaves:
        report.findings.append(f"{what}（大小 {size}）比账本现有的 {report.leaves} 片叶子还大：叶子被删除")
    elif size in report.roots and report.roots[size] != root:
        report.findings.append(f"{what}（大小 {size}）的根哈希 {_short(root)} 与按数据库中事件重算的 "
                               f"{_short(report.roots[size])} 不符：此前的事件或其顺序被改动")


def _unsealed_events(session: Session, report: AuditReport) -> None:
    highest = session.execute(select(func.max(_leaves.c.event_id))).scalar_one() or 0
    unsealed = ~exists().where(_leaves.c.event_id == _events.c.id)
    in_gap = exists().where(and_(_events.c.id >= LedgerGap.first_event_id,
                                 _events.c.id <= LedgerGap.last_event_id))
    skipped = list(session.execute(select(_events.c.id).where(unsealed, ~in_gap, _events.c.id < highest)
                                   .order_by(_events.c.id).limit(20)).scalars())
    if skipped:
        listed = ", ".join(f"#{i}" for i in skipped)
        report.findings.append(f"事件 {listed} 不在账本中，却早于已入账的事件：被跳过或被插入")
    report.pending_events = session.execute(
        select(func.count()).select_from(_events).where(unsealed, _events.c.id > highest)).scalar_one()


def audit(session: Session, saved: Checkpoint | None = None) -> AuditReport:
    """Check everything the ledger stores; ``saved`` is a checkpoint kept outside the platform."""
    issued = list(session.execute(select(LedgerCheckpoint).order_by(LedgerCheckpoint.tree_size)).scalars())
    sizes = {c.tree_size for c in issued} | ({saved.size} if saved else set())
    report = AuditReport()
    edge = _scan_leaves(session, report, sizes)
    head = store.read_head(session)
    if edge is not None and (head.size, head.root) != (edge.size, edge.root()):
        report.findings.append(f"账本头记录（大小 {head.size}，根 {_short(head.root)}）与按事件重算的"
                               f"（大小 {edge.size}，根 {_short(edge.root())}）不符")
    _check_nodes(session, report.size, report)
    for checkpoint in issued:
        _compare_root(report, checkpoint.tree_size, checkpoint.root_hash,
                      f"{checkpoint.issued_at.astimezone(CHINA):%Y-%m-%d %H:%M} 签发的检查点")
    if saved is not None:
        _compare_root(report, saved.size, saved.root, "所保存的检查点")
        if edge is not None and saved.size <= edge.size and report.clean:
            proof = store.consistency_proof(session, saved.size, edge.size)
            if not merkle.verify_consistency(saved.size, edge.size, proof, saved.root, edge.root()):
                report.findings.append("账本给出的一致性证明与所保存的检查点不符")
    _unsealed_events(session, report)
    return report
