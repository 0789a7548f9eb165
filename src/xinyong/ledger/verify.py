"""Verification that needs nothing of ours running: pure functions over files a third party holds.

``verify_bundle`` checks an evidence bundle (证据包) against the published verifier key: the
checkpoint's signature, the leaf hash of the event's bytes, and its inclusion proof. The report
capability reuses it to verify the event that records a report's PDF hash.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xinyong.errors import UserError
from xinyong.ledger import merkle
from xinyong.ledger.note import Checkpoint, NoteError, Verifier, open_checkpoint

BUNDLE_FORMAT = "xinyong-ledger-evidence/1"


class EvidenceInvalid(UserError):
    """Evidence that does not prove what it claims; the message says which check failed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="evidence_invalid")


@dataclass(frozen=True)
class VerifiedEvidence:
    checkpoint: Checkpoint
    leaf_index: int
    leaf_data: bytes
    event: dict[str, Any]
    """The event as the ledger holds it: at, kind, actor, subject, object, payload."""


def decode_hashes(values: Any, what: str) -> list[bytes]:
    if not isinstance(values, list):
        raise EvidenceInvalid(f"{what}应为 base64 哈希的列表")
    hashes = [_b64(value, what) for value in values]
    if any(len(h) != merkle.HASH_SIZE for h in hashes):
        raise EvidenceInvalid(f"{what}中的每个哈希都应为 {merkle.HASH_SIZE} 字节")
    return hashes


def _b64(value: Any, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, TypeError, ValueError) as error:
        raise EvidenceInvalid(f"{what}不是有效的 base64") from error


def _field(bundle: Mapping[str, Any], name: str, kind: type) -> Any:
    value = bundle.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise EvidenceInvalid(f"证据包缺少字段 {name}，或其类型不是 {kind.__name__}")
    return value


def open_signed_checkpoint(note: str, verifier: Verifier) -> Checkpoint:
    try:
        return open_checkpoint(note, verifier)
    except NoteError as error:
        raise EvidenceInvalid(f"检查点验证失败：{error.message}") from error


def verify_bundle(bundle: Mapping[str, Any], verifier: Verifier, *,
                  leaf_data: bytes | None = None) -> VerifiedEvidence:
    """Check an evidence bundle; with ``leaf_data``, also that it is the bundle's leaf."""
    if not isinstance(bundle, Mapping) or bundle.get("format") != BUNDLE_FORMAT:
        raise EvidenceInvalid(f"不是本平台的证据包（format 应为 {BUNDLE_FORMAT}）")
    checkpoint = open_signed_checkpoint(_field(bundle, "checkpoint", str), verifier)
    index, size = _field(bundle, "leaf_index", int), _field(bundle, "tree_size", int)
    if size != checkpoint.size:
        raise EvidenceInvalid(f"证据包的树大小 {size} 与检查点的 {checkpoint.size} 不一致")
    data = _b64(_field(bundle, "leaf_data", str), "leaf_data ")
    if leaf_data is not None and leaf_data != data:
        raise EvidenceInvalid("所给数据与证据包中的叶子数据不同")
    proof = decode_hashes(bundle.get("inclusion_proof"), "inclusion_proof ")
    if not merkle.verify_inclusion(merkle.leaf_hash(data), index, size, proof, checkpoint.root):
        raise EvidenceInvalid(f"包含证明不成立：叶子 {index} 的数据不在该检查点（大小 {size}）签名的树中，"
                              "数据或证明被改动")
    try:
        event = json.loads(data)
    except ValueError as error:
        raise EvidenceInvalid("叶子数据不是事件的规范 JSON") from error
    return VerifiedEvidence(checkpoint=checkpoint, leaf_index=index, leaf_data=data, event=event)


def verify_checkpoints_consistent(old_note: str, new_note: str, proof: Sequence[bytes],
                                  verifier: Verifier) -> tuple[Checkpoint, Checkpoint]:
    """Check that the log only grew between two signed checkpoints."""
    old, new = open_signed_checkpoint(old_note, verifier), open_signed_checkpoint(new_note, verifier)
    if not merkle.verify_consistency(old.size, new.size, proof, old.root, new.root):
        raise EvidenceInvalid(f"一致性证明不成立：大小 {old.size} 的检查点"
                              f"不是大小 {new.size} 的检查点的前缀，账本历史被改写，或证明被改动")
    return old, new
