"""Signed notes (c2sp.org/signed-note) with Ed25519, and tlog checkpoints (c2sp.org/tlog-checkpoint).

A checkpoint is the text ``<origin>\\n<tree size>\\n<base64 root hash>\\n``; the signed note adds a
blank line and ``— <key name> <base64(4-byte key ID ‖ 64-byte signature)>\\n``. The key ID is
SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key)[:4] and the verifier key published to the world is
``<name>+<key ID hex>+<base64(0x01 ‖ public key)>``. Both formats are those of Go's
``golang.org/x/mod/sumdb/note``, so any tool of the transparency-log ecosystem can check ours.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from xinyong.errors import UserError
from xinyong.ledger.merkle import HASH_SIZE

ED25519 = b"\x01"
DASH = "\u2014 "
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")


class NoteError(UserError):
    """A note, key or checkpoint that is malformed or does not verify; the message says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="bad_note")


def _check_name(name: str) -> str:
    if not name or "+" in name or any(ch.isspace() for ch in name):
        raise NoteError(f"密钥名称 {name!r} 无效：不能为空，不能含空白或“+”")
    return name


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


def _b64decode(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise NoteError(f"{what}不是有效的 base64：{text[:40]!r}") from error


@dataclass(frozen=True)
class Verifier:
    """A verifier key: the name and Ed25519 public key a signature must match."""

    name: str
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        return key_id(self.name, self.public_key)

    def vkey(self) -> str:
        material = base64.b64encode(ED25519 + self.public_key).decode()
        return f"{self.name}+{self.key_id.hex()}+{material}"

    @classmethod
    def parse(cls, vkey: str) -> Verifier:
        parts = vkey.strip().split("+", 2)
        if len(parts) != 3:
            raise NoteError("验证公钥格式应为 <名称>+<8 位十六进制密钥标识>+<base64 公钥>")
        name, hex_id, material = parts
        _check_name(name)
        raw = _b64decode(material, "验证公钥")
        if len(raw) != 33 or raw[:1] != ED25519:
            raise NoteError("验证公钥不是 Ed25519 公钥（应为 0x01 加 32 字节）")
        verifier = cls(name, raw[1:])
        if hex_id != verifier.key_id.hex():
            raise NoteError(f"验证公钥的密钥标识 {hex_id} 与公钥不符（应为 {verifier.key_id.hex()}）")
        return verifier


class Signer:
    """An Ed25519 signing key with its name; the seed never leaves this object."""

    def __init__(self, name: str, seed: bytes) -> None:
        if len(seed) != 32:
            raise NoteError("Ed25519 私钥种子应为 32 字节")
        self.name = _check_name(name)
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        public = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.verifier = Verifier(name, public)

    def sign(self, text: str) -> str:
        """The signed note: ``text`` (ending in a newline), a blank line, one signature line."""
        _check_text(text)
        signature = self._key.sign(text.encode())
        blob = base64.b64encode(self.verifier.key_id + signature).decode()
        return f"{text}\n{DASH}{self.name} {blob}\n"


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("签名文本必须以换行结尾")
    if _CONTROL.search(text):
        raise NoteError("签名文本不能含控制字符")


def open_note(note: str, verifier: Verifier) -> str:
    """Return the text of ``note`` if ``verifier``'s key signed it; raise ``NoteError`` otherwise.

    Signatures by other keys are ignored, as the spec requires; a signature by this key that
    fails rejects the whole note.
    """
    if _CONTROL.search(note):
        raise NoteError("签名文档含控制字符")
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise NoteError("签名文档格式有误：找不到正文与签名之间的空行")
    text, lines = note[:cut + 1], note[cut + 2:].splitlines()
    if not lines:
        raise NoteError("签名文档没有签名行")
    found = False
    for line in lines:
        if not line.startswith(DASH) or line.count(" ") != 2:
            raise NoteError(f"签名行格式有误：{line[:60]!r}")
        name, blob = line[len(DASH):].split(" ")
        raw = _b64decode(blob, "签名")
        if len(raw) < 5:
            raise NoteError("签名过短")
        if name != verifier.name or raw[:4] != verifier.key_id:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(verifier.public_key).verify(raw[4:], text.encode())
        except InvalidSignature as error:
            raise NoteError(f"{name} 的签名与正文不符：正文被改动，或签名不是此公钥所签") from error
        found = True
    if not found:
        raise NoteError(f"签名文档中没有公钥 {verifier.name}（{verifier.key_id.hex()}）的签名")
    return text


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: which log, how many leaves, and the root over them."""

    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "" or any(not line for line in lines[:-1]):
            raise NoteError("检查点正文应为“来源、树大小、根哈希”三行，每行非空并以换行结尾")
        origin, size_text, root_text = lines[:3]
        if not re.fullmatch(r"0|[1-9][0-9]*", size_text):
            raise NoteError(f"检查点的树大小 {size_text!r} 不是不带前导零的十进制数")
        root = _b64decode(root_text, "检查点根哈希")
        if len(root) != HASH_SIZE:
            raise NoteError(f"检查点根哈希应为 {HASH_SIZE} 字节，实为 {len(root)} 字节")
        return cls(origin, int(size_text), root)


def open_checkpoint(note: str, verifier: Verifier) -> Checkpoint:
    """Verify a signed checkpoint and read it; its origin must be the key's name."""
    checkpoint = Checkpoint.parse(open_note(note, verifier))
    if checkpoint.origin != verifier.name:
        raise NoteError(f"检查点来源 {checkpoint.origin!r} 与公钥名称 {verifier.name!r} 不一致")
    return checkpoint
