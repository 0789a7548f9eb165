"""Changing anything stored behind the ledger's back is detected and named precisely."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from ledger_support import record_events
from xinyong.clock import CHINA
from xinyong.events import canonical_bytes
from xinyong.events.models import Event
from xinyong.ledger import build_bundle, current_checkpoint, load_signer, seal_pending, store
from xinyong.ledger.audit import AuditReport, audit
from xinyong.ledger.models import LedgerHead, LedgerLeaf, LedgerNode, node_key
from xinyong.ledger.note import Checkpoint, open_checkpoint
from xinyong.platform import Platform


def _saved(platform: Platform) -> tuple[list[int], Checkpoint]:
    """Twelve sealed events and the checkpoint a third party saved over them."""
    ids = record_events(platform, 12)
    seal_pending(platform)
    signer = load_signer(platform.settings)
    with platform.db.session() as session:
        note = current_checkpoint(session, platform.clock.now(), signer).note
    return ids, open_checkpoint(note, signer.verifier)


def _audit(platform: Platform, saved: Checkpoint) -> AuditReport:
    with platform.db.session() as session:
        return audit(session, saved)


def test_an_untouched_ledger_passes(platform: Platform) -> None:
    _, saved = _saved(platform)
    record_events(platform, 3, start=12)
    seal_pending(platform)
    report = _audit(platform, saved)
    assert report.clean, report.findings
    assert (report.leaves, report.nodes) == (15, 7 + 3 + 1)


def _rewrite_with_digest(session: Session, event_id: int) -> None:
    """Change an event and its digest together, as a careful forger would."""
    event = session.get(Event, event_id)
    payload = {**event.payload, "金额": "0.01"}
    data = canonical_bytes(event.occurred_at, event.kind, event.actor, event.subject_id, event.object_ref,
                           payload)
    session.execute(update(Event).where(Event.id == event_id)
                    .values(payload=payload, digest=hashlib.sha256(data).hexdigest()))


TAMPERING = {
    "payload": (lambda s, ids: s.execute(update(Event).where(Event.id == ids[5])
                                         .values(payload={"seq": 500})),
                ["叶子 5（事件 #{id5}", "事件内容在入账后被改动", "所保存的检查点（大小 12）的根哈希"]),
    "time": (lambda s, ids: s.execute(update(Event).where(Event.id == ids[3])
                                      .values(occurred_at=datetime(2026, 1, 1, tzinfo=CHINA))),
             ["叶子 3（事件 #{id3}", "事件内容在入账后被改动"]),
    "kind": (lambda s, ids: s.execute(update(Event).where(Event.id == ids[2])
                                      .values(kind="lists:entry:removed")),
             ["叶子 2（事件 #{id2}，lists:entry:removed）"]),
    "payload_and_digest": (lambda s, ids: _rewrite_with_digest(s, ids[6]),
                           ["叶子 6（事件 #{id6}", "叶子哈希或其事件编号被改动，或事件内容连同其摘要被改动"]),
    "digest_only": (lambda s, ids: s.execute(update(Event).where(Event.id == ids[8]).values(digest="0" * 64)),
                    ["叶子 8（事件 #{id8}，collection:record:published）：事件的 digest 列被改动"]),
    "deleted_event": (lambda s, ids: s.execute(delete(Event).where(Event.id == ids[7])),
                      ["叶子 7：记录的事件 #{id7} 已不存在（被删除）"]),
    "deleted_leaf": (lambda s, ids: s.execute(delete(LedgerLeaf).where(LedgerLeaf.idx == 4)),
                     ["叶子 4 缺失（被删除）"]),
    "swapped_leaves": (
        lambda s, ids: (s.execute(update(LedgerLeaf).where(LedgerLeaf.idx == 0).values(event_id=-1)),
                        s.execute(update(LedgerLeaf).where(LedgerLeaf.idx == 1).values(event_id=ids[0])),
                        s.execute(update(LedgerLeaf).where(LedgerLeaf.idx == 0).values(event_id=ids[1]))),
        ["叶子 0（事件 #{id1}", "叶子 1（事件 #{id0}", "根哈希"]),
    "altered_leaf_hash": (
        lambda s, ids: s.execute(update(LedgerLeaf).where(LedgerLeaf.idx == 9).values(leaf_hash=bytes(32))),
        ["叶子 9（事件 #{id9}", "叶子哈希或其事件编号被改动"]),
    "altered_node": (
        lambda s, ids: s.execute(update(LedgerNode).where(LedgerNode.node_key == node_key(2, 1))
                                 .values(hash=bytes(32))),
        ["子树哈希（层 2，序号 1）被改动"]),
    "deleted_node": (
        lambda s, ids: s.execute(delete(LedgerNode).where(LedgerNode.node_key == node_key(1, 5))),
        ["子树哈希（层 1，序号 5）缺失（被删除）"]),
    "truncated": (
        lambda s, ids: (s.execute(delete(LedgerLeaf).where(LedgerLeaf.idx >= 10)),
                        s.execute(update(LedgerHead).values(size=10))),
        ["所保存的检查点（大小 12）比账本现有的 10 片叶子还大", "账本头记录"]),
}


# A change that leaves the events intact is reported once, at the altered row, not at its ancestors.
EXACTLY_ONE_FINDING = {"digest_only", "altered_leaf_hash", "altered_node", "deleted_node"}


@pytest.mark.parametrize("how", TAMPERING)
def test_tampering_is_detected_and_located(platform: Platform, how: str) -> None:
    ids, saved = _saved(platform)
    change, expected = TAMPERING[how]
    with platform.db.session() as session:
        change(session, ids)
    report = _audit(platform, saved)
    assert not report.clean
    text = "\n".join(report.findings)
    for fragment in expected:
        assert fragment.format(**{f"id{i}": event_id for i, event_id in enumerate(ids)}) in text, text
    if how in EXACTLY_ONE_FINDING:
        assert len(report.findings) == 1, text


def test_swapping_two_events_contents_is_detected(platform: Platform) -> None:
    ids, saved = _saved(platform)
    with platform.db.session() as session:
        first, second = (session.get(Event, i) for i in (ids[0], ids[1]))
        a, b = dict(first.payload), dict(second.payload)
        session.execute(update(Event).where(Event.id == ids[0]).values(payload=b))
        session.execute(update(Event).where(Event.id == ids[1]).values(payload=a))
    text = "\n".join(_audit(platform, saved).findings)
    assert f"叶子 0（事件 #{ids[0]}" in text and f"叶子 1（事件 #{ids[1]}" in text


def test_a_forged_saved_checkpoint_does_not_match(platform: Platform) -> None:
    _, saved = _saved(platform)
    forged = Checkpoint(saved.origin, saved.size, bytes(32))
    report = _audit(platform, forged)
    assert any("所保存的检查点（大小 12）的根哈希" in f for f in report.findings)


def test_the_platform_refuses_to_sign_or_hand_out_evidence_over_tampered_data(platform: Platform) -> None:
    ids, _ = _saved(platform)
    signer = load_signer(platform.settings)
    with platform.db.session() as session:
        session.execute(update(Event).where(Event.id == ids[1]).values(payload={"seq": 100}))
    with pytest.raises(store.LedgerTampered, match=f"事件 #{ids[1]} 的当前内容与账本叶子 1 不符"), \
            platform.db.session() as session:
        build_bundle(session, ids[1], platform.clock.now(), signer)
    with platform.db.session() as session:
        session.execute(update(LedgerNode).where(LedgerNode.node_key == node_key(3, 0))
                        .values(hash=bytes(32)))
    record_events(platform, 1, start=12)
    seal_pending(platform)
    with pytest.raises(store.LedgerTampered, match="拒绝签发检查点"), platform.db.session() as session:
        current_checkpoint(session, platform.clock.now(), signer)
