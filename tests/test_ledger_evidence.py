"""Evidence bundles: built on the platform, verified with nothing but the bundle and the key."""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest

from ledger_support import record_events
from xinyong.ledger import build_bundle, load_signer, seal_pending, verify_bundle
from xinyong.ledger.note import Signer
from xinyong.ledger.verify import EvidenceInvalid
from xinyong.platform import Platform


def _bundle(platform: Platform, event_id: int) -> dict[str, Any]:
    with platform.db.session() as session:
        return build_bundle(session, event_id, platform.clock.now(), load_signer(platform.settings))


def test_a_bundle_verifies_offline_and_gives_back_the_event(platform: Platform) -> None:
    ids = record_events(platform, 6)
    seal_pending(platform)
    bundle = _bundle(platform, ids[4])
    verifier = load_signer(platform.settings).verifier
    evidence = verify_bundle(bundle, verifier)
    assert (evidence.leaf_index, evidence.checkpoint.size) == (4, 6)
    assert evidence.event["kind"] == "collection:record:published"
    assert evidence.event["payload"] == {"seq": 4, "说明": "第 4 条", "金额": "12.50"}
    assert evidence.event["at"] == "2026-11-23T01:30:00.000000+00:00"
    assert verify_bundle(bundle, verifier, leaf_data=evidence.leaf_data) == evidence
    assert bundle["verifier_key"] == verifier.vkey()


def _flip_b64(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[len(raw) // 2] ^= 1
    return base64.b64encode(bytes(raw)).decode()


def _changed(bundle: dict[str, Any], change: str) -> dict[str, Any]:
    damaged = copy.deepcopy(bundle)
    if change == "leaf_data":
        damaged["leaf_data"] = base64.b64encode(
            base64.b64decode(bundle["leaf_data"]).replace(b"12.50", b"99.50")).decode()
    elif change == "proof":
        damaged["inclusion_proof"][0] = _flip_b64(bundle["inclusion_proof"][0])
    elif change == "index":
        damaged["leaf_index"] += 1
    elif change == "checkpoint":
        damaged["checkpoint"] = bundle["checkpoint"].replace("\n6\n", "\n7\n")
    elif change == "size":
        damaged["tree_size"] = 5
    elif change == "format":
        damaged.pop("format")
    return damaged


@pytest.mark.parametrize(("change", "message"), [
    ("leaf_data", "包含证明不成立"),
    ("proof", "包含证明不成立"),
    ("index", "包含证明不成立"),
    ("checkpoint", "签名与正文不符"),
    ("size", "树大小 5 与检查点的 6 不一致"),
    ("format", "不是本平台的证据包"),
])
def test_any_change_to_a_bundle_is_caught_and_named(platform: Platform, change: str, message: str) -> None:
    ids = record_events(platform, 6)
    seal_pending(platform)
    bundle = _bundle(platform, ids[2])
    with pytest.raises(EvidenceInvalid, match=message):
        verify_bundle(_changed(bundle, change), load_signer(platform.settings).verifier)


def test_a_bundle_checked_with_another_key_or_other_data_fails(platform: Platform) -> None:
    ids = record_events(platform, 2)
    seal_pending(platform)
    bundle = _bundle(platform, ids[0])
    stranger = Signer(load_signer(platform.settings).name, bytes(32)).verifier
    with pytest.raises(EvidenceInvalid, match="没有公钥"):
        verify_bundle(bundle, stranger)
    with pytest.raises(EvidenceInvalid, match="所给数据与证据包中的叶子数据不同"):
        verify_bundle(bundle, load_signer(platform.settings).verifier, leaf_data=b"{}")


def test_an_unsealed_event_has_no_bundle_yet(platform: Platform) -> None:
    ids = record_events(platform, 1)
    with pytest.raises(Exception, match=f"事件 #{ids[0]} 尚未记入账本"):
        _bundle(platform, ids[0])


@pytest.mark.parametrize("bundle", [[], "text", {"format": "xinyong-ledger-evidence/1"},
                                    {"format": "xinyong-ledger-evidence/1", "checkpoint": 5}])
def test_a_malformed_bundle_is_refused_with_the_reason(platform: Platform, bundle: Any) -> None:
    with pytest.raises(EvidenceInvalid, match="证据包"):
        verify_bundle(bundle, load_signer(platform.settings).verifier)
