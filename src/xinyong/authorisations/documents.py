"""Checking an uploaded signed authorisation document: PDF, JPG or PNG by content, size-capped."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from xinyong.errors import UserError

# Judged by the file's first bytes, never by its name: a renamed file is still what it is.
_SIGNATURES = ((b"%PDF-", "application/pdf"), (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


@dataclass(frozen=True)
class SignedDocument:
    name: str
    content: bytes
    media_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def check_document(name: str, content: bytes, max_bytes: int) -> SignedDocument:
    shown = PurePath(name or "授权书").name[:200]
    if not content:
        raise UserError(f"授权书文件“{shown}”是空的：请上传签字（盖章）的授权书扫描件（PDF、JPG 或 PNG）")
    if len(content) > max_bytes:
        raise UserError(f"授权书文件“{shown}”有 {len(content):,} 字节，超过上限 {max_bytes:,} 字节："
                        "请降低扫描分辨率或压缩后再上传")
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return SignedDocument(shown, content, media_type)
    raise UserError(f"授权书文件“{shown}”不是 PDF、JPG 或 PNG（按文件内容判断）：请上传签字（盖章）的授权书扫描件")
