"""The public ledger API over real HTTP, its answers verified offline with the published key."""

from __future__ import annotations

import base64
import dataclasses
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ledger_support import leaf_hashes_by_definition, record_events
from xinyong.ledger import merkle, seal_pending
from xinyong.ledger.models import LedgerCheckpoint
from xinyong.ledger.note import Verifier, open_checkpoint
from xinyong.ledger.verify import EvidenceInvalid, verify_checkpoints_consistent
from xinyong.platform import Platform
from xinyong.web.app import create_app


def b64(values: list[str]) -> list[bytes]:
    return [base64.b64decode(v) for v in values]


@pytest.fixture
def client(platform: Platform) -> TestClient:
    return TestClient(create_app(platform))


def test_every_leaf_is_proven_into_the_signed_checkpoint(platform: Platform, client: TestClient) -> None:
    ids = record_events(platform, 9)
    seal_pending(platform)
    verifier = Verifier.parse(client.get("/api/v1/ledger/key").text)
    answer = client.get("/api/v1/ledger/checkpoint")
    assert answer.headers["content-type"].startswith("text/plain")
    checkpoint = open_checkpoint(answer.text, verifier)
    assert checkpoint.origin == "127.0.0.1:8000/ledger" and checkpoint.size == 9
    expected = leaf_hashes_by_definition(platform, ids)
    assert checkpoint.root == merkle.root(expected)
    for index, event_id in enumerate(ids):
        by_event = client.get("/api/v1/ledger/proofs/inclusion", params={"event": event_id}).json()
        assert by_event["index"] == index and by_event["size"] == 9
        leaf = base64.b64decode(by_event["leaf_hash"])
        assert leaf == expected[index]
        assert merkle.verify_inclusion(leaf, index, 9, b64(by_event["proof"]), checkpoint.root)
        smaller = min(9, index + 1 + index % 3)
        older = client.get("/api/v1/ledger/proofs/inclusion", params={"index": index, "size": smaller})
        body = older.json()
        assert merkle.verify_inclusion(leaf, index, body["size"], b64(body["proof"]),
                                       merkle.root(expected[:body["size"]]))


def test_a_checkpoint_is_issued_once_per_size_and_kept(platform: Platform, client: TestClient) -> None:
    record_events(platform, 2)
    seal_pending(platform)
    first = client.get("/api/v1/ledger/checkpoint").text
    assert client.get("/api/v1/ledger/checkpoint").text == first
    record_events(platform, 1, start=2)
    seal_pending(platform)
    assert client.get("/api/v1/ledger/checkpoint").text != first
    with platform.db.session() as session:
        assert session.execute(select(func.count()).select_from(LedgerCheckpoint)).scalar_one() == 2


def test_two_saved_checkpoints_are_proven_consistent(platform: Platform, client: TestClient) -> None:
    verifier = Verifier.parse(client.get("/api/v1/ledger/key").text)
    record_events(platform, 5)
    seal_pending(platform)
    old = client.get("/api/v1/ledger/checkpoint").text
    platform.clock.travel(timedelta(days=1))
    record_events(platform, 7, start=5)
    seal_pending(platform)
    new = client.get("/api/v1/ledger/checkpoint").text
    answer = client.get("/api/v1/ledger/proofs/consistency", params={"first": 5}).json()
    assert (answer["first"], answer["second"]) == (5, 12)
    first, second = verify_checkpoints_consistent(old, new, b64(answer["proof"]), verifier)
    assert (first.size, second.size) == (5, 12)
    with pytest.raises(EvidenceInvalid, match="一致性证明不成立"):
        verify_checkpoints_consistent(old, new, b64(answer["proof"])[::-1], verifier)
    with pytest.raises(EvidenceInvalid, match="检查点验证失败"):
        verify_checkpoints_consistent(old.replace("\n5\n", "\n6\n"), new, b64(answer["proof"]), verifier)


def test_a_leaf_shows_its_event_and_content_only_if_allowed(platform: Platform, client: TestClient) -> None:
    ids = record_events(platform, 3)
    seal_pending(platform)
    leaf = client.get("/api/v1/ledger/leaves/1").json()
    assert leaf["event_id"] == ids[1] and leaf["kind"] == "lists:entry:added"
    assert leaf["occurred_at"].endswith("+08:00")
    assert leaf["data_public"] is False and leaf["data"] is None
    open_platform = dataclasses.replace(
        platform, settings=platform.settings.model_copy(update={"ledger_public_event_data": True}))
    shown = TestClient(create_app(open_platform)).get("/api/v1/ledger/leaves/1").json()
    data = base64.b64decode(shown["data"])
    assert merkle.leaf_hash(data) == base64.b64decode(shown["leaf_hash"])
    assert '"说明":"第 1 条"' in data.decode()


@pytest.mark.parametrize(("path", "params", "status", "message"), [
    ("/api/v1/ledger/proofs/inclusion", {"index": 0, "size": 4}, 400, "size=4 超出账本范围"),
    ("/api/v1/ledger/proofs/inclusion", {"index": 3, "size": 3}, 400, "index=3 不在大小为 3 的树中"),
    ("/api/v1/ledger/proofs/inclusion", {"size": 3}, 400, "index（叶子序号）或 event（事件编号）之一"),
    ("/api/v1/ledger/proofs/inclusion", {"event": 999}, 404, "事件 #999 尚未记入账本"),
    ("/api/v1/ledger/proofs/consistency", {"first": 3, "second": 2}, 400, "first=3 应在 0 到 second=2 之间"),
    ("/api/v1/ledger/proofs/consistency", {"first": 1, "second": 9}, 400, "second=9 超出账本范围"),
    ("/api/v1/ledger/leaves/7", {}, 404, "没有序号为 7 的叶子（现有 3 片"),
    ("/api/v1/ledger/proofs/inclusion", {"index": "first"}, 422, "index"),
])
def test_bad_parameters_get_a_clear_message(platform: Platform, client: TestClient, path: str, params: dict,
                                            status: int, message: str) -> None:
    record_events(platform, 3)
    seal_pending(platform)
    answer = client.get(path, params=params)
    assert answer.status_code == status
    assert message in answer.json()["message"]


def test_the_ledger_api_is_documented_in_chinese(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["checkpoint", "key", "leaves/{index}", "proofs/inclusion", "proofs/consistency"]:
        operation = paths[f"/api/v1/ledger/{path}"]["get"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in operation["description"])
