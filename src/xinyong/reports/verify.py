"""Verifying a report PDF with nothing of ours running: pure functions over the file, the verifier
key and, when given, a checkpoint the verifier saved and a proof linking the two."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xinyong.errors import UserError
from xinyong.ledger import merkle
from xinyong.ledger.note import Checkpoint, NoteError, Verifier
from xinyong.ledger.verify import (
    EvidenceInvalid,
    VerifiedEvidence,
    decode_hashes,
    open_signed_checkpoint,
    verify_bundle,
)
from xinyong.reports.pdf_evidence import split

REPORT_ISSUED = "reports:report:issued"


@dataclass(frozen=True)
class VerifiedReport:
    evidence: VerifiedEvidence
    payload: dict[str, Any]
    core_sha256: str

    @property
    def number(self) -> str:
        return str(self.payload.get("number"))


def trusted_verifier(pdf: bytes, key: Verifier | None, saved_checkpoint: str | None) -> Verifier:
    """The key to verify with: the one the verifier trusts, or else the report's own key, which then
    has to have signed the checkpoint the verifier saved independently."""
    if key is not None:
        return key
    if saved_checkpoint is None:
        raise UserError("离线核验需要信任依据：用 --key 给出平台公布的验证公钥（/api/v1/ledger/key），"
                        "或用 --checkpoint 给出您另行保存的平台检查点")
    _, bundle = split(pdf)
    try:
        embedded = Verifier.parse(str(bundle.get("verifier_key", "")))
        open_signed_checkpoint(saved_checkpoint, embedded)
    except (NoteError, EvidenceInvalid) as error:
        raise EvidenceInvalid(f"您保存的检查点不能用报告内嵌的公钥验证：报告可能不是本平台出具的（{error.message}）") \
            from error
    return embedded


def verify_report_pdf(pdf: bytes, verifier: Verifier) -> VerifiedReport:
    """Check the PDF's evidence against the key and the PDF against its evidence; raise
    ``EvidenceInvalid`` naming the first check that fails."""
    core, bundle = split(pdf)
    evidence = verify_bundle(bundle, verifier)
    if evidence.event.get("kind") != REPORT_ISSUED:
        raise EvidenceInvalid(f"存证事件不是报告出具事件（{evidence.event.get('kind')}）")
    payload = evidence.event.get("payload")
    if not isinstance(payload, dict):
        raise EvidenceInvalid("报告出具事件没有内容")
    digest = hashlib.sha256(core).hexdigest()
    if payload.get("sha256") != digest or payload.get("size") != len(core):
        raise EvidenceInvalid(f"报告内容与存证不符：文件的 SHA-256 为 {digest[:16]}…（{len(core)} 字节），"
                              f"账本记录的是 {str(payload.get('sha256'))[:16]}…（{payload.get('size')} 字节），"
                              "报告在出具后被改动")
    return VerifiedReport(evidence, payload, digest)


def check_saved_checkpoint(report: VerifiedReport, saved_note: str, verifier: Verifier,
                           proof: Mapping[str, Any] | None) -> Checkpoint:
    """Link the report's checkpoint to one the verifier saved: the same tree, or a proof that one
    extends the other (consistency) or that the report's leaf is in the saved tree (inclusion)."""
    saved = open_signed_checkpoint(saved_note, verifier)
    own = report.evidence.checkpoint
    if saved.size == own.size:
        if saved.root != own.root:
            raise EvidenceInvalid(f"您保存的检查点与报告中的检查点大小同为 {own.size} 而根哈希不同：账本出现分叉")
        return saved
    if proof is None:
        raise UserError(f"报告中的检查点大小为 {own.size}，您保存的为 {saved.size}：请用 --proof 给出二者间的一致性证明"
                        f"（/api/v1/ledger/proofs/consistency?first={min(own.size, saved.size)}"
                        f"&second={max(own.size, saved.size)}），或报告事件在所存检查点中的包含证明"
                        f"（/api/v1/ledger/proofs/inclusion?index={report.evidence.leaf_index}&size={saved.size}）")
    if "first" in proof:
        old, new = sorted((own, saved), key=lambda c: c.size)
        if (proof.get("first"), proof.get("second")) != (old.size, new.size):
            raise UserError(f"一致性证明针对大小 {proof.get('first')}→{proof.get('second')}，"
                            f"应为 {old.size}→{new.size}")
        hashes = decode_hashes(proof.get("proof"), "一致性证明")
        if not merkle.verify_consistency(old.size, new.size, hashes, old.root, new.root):
            raise EvidenceInvalid(f"一致性证明不成立：大小 {old.size} 的检查点不是大小 {new.size} 的前缀，"
                                  "账本历史被改写，或证明被改动")
        return saved
    index = report.evidence.leaf_index
    if (proof.get("index"), proof.get("size")) != (index, saved.size):
        raise UserError(f"包含证明针对叶子 {proof.get('index')}、大小 {proof.get('size')}，"
                        f"应为叶子 {index}、大小 {saved.size}")
    hashes = decode_hashes(proof.get("proof"), "包含证明")
    if not merkle.verify_inclusion(merkle.leaf_hash(report.evidence.leaf_data), index, saved.size, hashes, saved.root):
        raise EvidenceInvalid(f"包含证明不成立：报告的存证事件不在您保存的检查点（大小 {saved.size}）中")
    return saved
