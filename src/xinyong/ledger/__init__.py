"""The tamper-evident ledger (存证账本): every event sealed into an RFC 9162 Merkle log.

Other capabilities call ``seal``/``seal_pending`` (see ``seal.py`` for when), ``build_bundle`` to
hand out the evidence of one event, and ``verify_bundle`` to check such evidence offline.
"""

from xinyong.ledger.checkpoints import current_checkpoint
from xinyong.ledger.evidence import build_bundle
from xinyong.ledger.seal import SealResult, seal, seal_pending
from xinyong.ledger.signer import load_signer
from xinyong.ledger.verify import EvidenceInvalid, VerifiedEvidence, verify_bundle

__all__ = [
    "EvidenceInvalid",
    "SealResult",
    "VerifiedEvidence",
    "build_bundle",
    "current_checkpoint",
    "load_signer",
    "seal",
    "seal_pending",
    "verify_bundle",
]
