"""Signed notes and checkpoints against the Go reference (sumdb/note) and the C2SP formats."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from xinyong.ledger.note import Checkpoint, NoteError, Signer, Verifier, open_checkpoint, open_note

VECTORS = json.loads((Path(__file__).parent / "data" / "ledger" / "signed_note_vectors.json").read_text())
GO = VECTORS["sumdb_note"]


def go_signer() -> Signer:
    # PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ seed)>; the base64 itself may hold '+'.
    material = base64.b64decode(GO["signer_key"].split("+", 4)[4])
    assert material[0] == 1
    return Signer("PeterNeumann", material[1:])


def test_signing_reproduces_the_go_note_byte_for_byte() -> None:
    signer = go_signer()
    assert signer.verifier.vkey() == GO["verifier_key"]
    assert signer.sign(GO["text"]) == GO["signed_note"]


def test_the_key_id_is_the_spec_formula() -> None:
    verifier = Verifier.parse(GO["verifier_key"])
    expected = hashlib.sha256(b"PeterNeumann\n\x01" + verifier.public_key).digest()[:4]
    assert verifier.key_id == expected and expected.hex() == "c74f20a3"


def test_opening_the_go_note_with_its_published_key() -> None:
    verifier = Verifier.parse(GO["verifier_key"])
    assert open_note(GO["signed_note"], verifier) == GO["text"]
    with pytest.raises(NoteError, match="签名与正文不符"):
        open_note(GO["signed_note"].replace("cryptography", "cryptographY"), verifier)


def test_signatures_by_unknown_keys_are_ignored_but_one_known_signature_is_required() -> None:
    other = Signer("example.com/other", bytes(range(32)))
    note = GO["signed_note"] + other.sign(GO["text"]).split("\n\n")[1]
    assert open_note(note, Verifier.parse(GO["verifier_key"])) == GO["text"]
    with pytest.raises(NoteError, match=r"没有公钥 example\.com/other"):
        open_note(GO["signed_note"], other.verifier)


@pytest.mark.parametrize(("vkey", "message"), [
    ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "密钥标识"),
    ("PeterNeumann+c74f20a3+AhpjZHcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "Ed25519"),
    ("PeterNeumann+c74f20a3", "格式"),
    ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "名称"),
    ("PeterNeumann+c74f20a3+!!!", "base64"),
])
def test_malformed_verifier_keys_are_refused_with_the_reason(vkey: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        Verifier.parse(vkey)


def test_the_c2sp_example_checkpoint_parses() -> None:
    example = VECTORS["c2sp_checkpoint"]
    checkpoint = Checkpoint.parse(example["text"])
    assert (checkpoint.origin, checkpoint.size) == ("example.com/behind-the-sofa", 20852163)
    assert checkpoint.text() == example["text"]
    with pytest.raises(NoteError, match="没有公钥"):
        open_note(example["text"] + "\n" + example["signature_line"], go_signer().verifier)


@pytest.mark.parametrize(("text", "message"), [
    ("log\n012\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n", "前导零"),
    ("log\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=", "三行"),
    ("log\n12\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2=\n", "base64"),
    ("log\n12\nAAAA\n", "32 字节"),
])
def test_malformed_checkpoints_are_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        Checkpoint.parse(text)


def test_a_checkpoint_must_come_from_the_key_that_names_it() -> None:
    signer = Signer("xinyong.example/ledger", bytes(32))
    body = Checkpoint("xinyong.example/ledger", 3, bytes(32))
    assert open_checkpoint(signer.sign(body.text()), signer.verifier) == body
    impostor = Checkpoint("other.example/ledger", 3, bytes(32))
    with pytest.raises(NoteError, match="来源"):
        open_checkpoint(signer.sign(impostor.text()), signer.verifier)
