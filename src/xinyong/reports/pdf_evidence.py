"""Carrying a report's evidence inside its own PDF, so that the file alone can be verified offline.

The report event commits to the SHA-256 of the PDF as rendered (the *core*), which carries a
placeholder attachment. The evidence bundle, made once that event is sealed, is then appended as a
PDF incremental update (ISO 32000 §7.5.6) that gives the placeholder its content:

    core ‖ MARKER ‖ "<n> 0 obj" EmbeddedFile stream of the bundle ‖ an xref stream for it ‖ startxref

Readers show the bundle as the attachment ``xinyong-evidence.json``. The update is a pure function
of the core and the bundle's bytes, so a verifier rebuilds it and compares: a changed byte in the
core breaks the hash, and anything changed or appended after the core breaks the comparison.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xinyong.ledger.verify import EvidenceInvalid

MARKER = b"%xinyong-report-evidence/1\n"
ATTACHMENT_NAME = "xinyong-evidence.json"
PLACEHOLDER = '{"format": "xinyong-report-evidence/placeholder"}'
_EOF = re.compile(rb"startxref\r?\n(\d+)\r?\n%%EOF\r?\n\Z")
_EMBEDDED = re.compile(rb"\n(\d+) 0 obj\s*<<\s*/Type\s*/EmbeddedFile\b")
_STREAM_DICT = re.compile(rb"\d+ 0 obj\s*<<(.*?)>>\s*stream\r?\n", re.S)
_TABLE_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)
_UPDATE = re.compile(re.escape(MARKER) + rb"(\d+) 0 obj\n<</Type /EmbeddedFile/Subtype /application#2Fjson"
                     rb"/Params <</Size (\d+)>>/Length (\d+)>>\nstream\n")


@dataclass(frozen=True)
class _Core:
    """What the update needs to know of the core: its last xref and trailer, and the attachment."""

    prev: int
    size: int
    root: bytes
    info: bytes | None
    identifier: bytes | None
    attachment: int


def _entry(trailer: bytes, name: bytes, pattern: bytes) -> bytes | None:
    found = re.search(rb"/" + name + rb"\s*(" + pattern + rb")", trailer)
    return found.group(1) if found else None


def _core(core: bytes) -> _Core:
    end = _EOF.search(core)
    attachments = _EMBEDDED.findall(core)
    if end is None or len(attachments) != 1:
        raise EvidenceInvalid("PDF 的结构与本平台出具的报告不符（找不到唯一的存证附件或文件结尾）")
    prev = int(end.group(1))
    head = core[prev:prev + 4096]
    found = _TABLE_TRAILER.search(core, prev) if head.startswith(b"xref") else _STREAM_DICT.match(head)
    trailer = found.group(1) if found else b""
    size, root = _entry(trailer, b"Size", rb"\d+"), _entry(trailer, b"Root", rb"\d+ \d+ R")
    if size is None or root is None:
        raise EvidenceInvalid("PDF 的交叉引用表有误：找不到 /Size 或 /Root")
    return _Core(prev, int(size), root, _entry(trailer, b"Info", rb"\d+ \d+ R"),
                 _entry(trailer, b"ID", rb"\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]"), int(attachments[0]))


def _update(core: bytes, data: bytes) -> bytes:
    facts = _core(core)
    at = len(core) + len(MARKER)
    body = (b"%d 0 obj\n<</Type /EmbeddedFile/Subtype /application#2Fjson/Params <</Size %d>>/Length %d>>\nstream\n"
            % (facts.attachment, len(data), len(data)) + data + b"\nendstream\nendobj\n")
    xref_number, xref_at = facts.size, at + len(body)
    rows = struct.pack(">BIH", 1, at, 0) + struct.pack(">BIH", 1, xref_at, 0)
    extra = (b"/Info " + facts.info if facts.info else b"") + (b"/ID " + facts.identifier if facts.identifier else b"")
    xref = (b"%d 0 obj\n<</Type /XRef/Index [%d 1 %d 1]/W [1 4 2]/Size %d/Root %s%s/Prev %d/Length %d>>\nstream\n"
            % (xref_number, facts.attachment, xref_number, xref_number + 1, facts.root, extra, facts.prev, len(rows))
            + rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return MARKER + body + xref


def bundle_bytes(bundle: Mapping[str, Any]) -> bytes:
    return json.dumps(bundle, ensure_ascii=True, sort_keys=True, indent=1).encode("ascii")


def embed(core: bytes, bundle: Mapping[str, Any]) -> bytes:
    """The PDF handed out: the core with the evidence bundle appended as an incremental update."""
    return core + _update(core, bundle_bytes(bundle))


def split(pdf: bytes) -> tuple[bytes, dict[str, Any]]:
    """The core and the evidence bundle of a report PDF, if nothing was changed after the core."""
    at = pdf.rfind(MARKER)
    found = _UPDATE.match(pdf, at) if at >= 0 else None
    if found is None:
        raise EvidenceInvalid("文件中没有本平台报告的存证证据包：不是本平台出具的 PDF 报告，或证据已被剥离")
    start, length = found.end(), int(found.group(3))
    data = pdf[start:start + length]
    core = pdf[:at]
    if core + _update(core, data) != pdf:
        raise EvidenceInvalid("报告文件在出具后被改动：存证部分被修改，或其后被追加了内容（例如增量更新）")
    try:
        bundle = json.loads(data)
    except ValueError as error:
        raise EvidenceInvalid("报告中的存证证据包不是有效的 JSON") from error
    if not isinstance(bundle, dict):
        raise EvidenceInvalid("报告中的存证证据包不是 JSON 对象")
    return core, bundle
