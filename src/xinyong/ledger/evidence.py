"""Building an evidence bundle (证据包) for one event: everything needed to verify it offline.

The bundle holds the event's canonical bytes, its leaf index, an inclusion proof up to a signed
checkpoint, that checkpoint and the verifier key. It carries the event's full content, so it is
handed to whoever may see that event (the subject, the office), never published as is.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from xinyong.ledger import merkle, store
from xinyong.ledger.checkpoints import current_checkpoint
from xinyong.ledger.note import Signer
from xinyong.ledger.seal import event_bytes, stored_event
from xinyong.ledger.verify import BUNDLE_FORMAT


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def build_bundle(session: Session, event_id: int, now: datetime, signer: Signer) -> dict[str, Any]:
    """The evidence bundle of a sealed event, proven up to the current checkpoint."""
    leaf = store.leaf_of_event(session, event_id)
    event = stored_event(session, event_id)
    if event is None:
        raise store.LedgerTampered(f"账本叶子 {leaf.idx} 记录的事件 #{event_id} 已不存在（被删除）")
    data = event_bytes(event)
    if merkle.leaf_hash(data) != leaf.leaf_hash:
        raise store.LedgerTampered(f"事件 #{event_id} 的当前内容与账本叶子 {leaf.idx} 不符："
                                   "入账后被改动，不能出具证据包")
    checkpoint = current_checkpoint(session, now, signer)
    proof = store.inclusion_proof(session, leaf.idx, checkpoint.tree_size)
    return {
        "format": BUNDLE_FORMAT,
        "event_id": event_id,
        "kind": event.kind,
        "leaf_index": leaf.idx,
        "tree_size": checkpoint.tree_size,
        "leaf_data": _b64(data),
        "inclusion_proof": [_b64(h) for h in proof],
        "checkpoint": checkpoint.note,
        "verifier_key": signer.verifier.vkey(),
    }
