"""Which text encoding a department's CSV is in: UTF-8 (with or without BOM) or the GB family.

Department systems export GBK, GB18030 or UTF-8; Excel adds a BOM. The GB family is always
decoded as GB18030, its superset, so that rare characters in names (生僻字) survive.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import charset_normalizer

from xinyong.errors import UserError

SAMPLE_BYTES = 256 * 1024
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "hz", "cp936"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _bad(name: str, detail: str) -> UserError:
    return UserError(f"文件“{name}”{detail}；请另存为 UTF-8 或 GBK 编码的 CSV，或上传 Excel 文件",
                     code="bad_encoding")


def _trim(sample: bytes, complete: bool) -> bytes:
    """A sample cut mid-file may split a character: keep it up to its last newline."""
    if complete:
        return sample
    end = sample.rfind(b"\n")
    return sample[: end + 1] if end > 0 else sample


def _decodes(sample: bytes, encoding: str) -> str | None:
    try:
        return sample.decode(encoding)
    except UnicodeDecodeError:
        return None


def detect_encoding(path: Path, name: str | None = None) -> str:
    """``utf-8-sig``, ``utf-8`` or ``gb18030``; a ``UserError`` naming the file for anything else."""
    name = name or path.name
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
        complete = not handle.read(1)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _bad(name, "是 UTF-16 编码（Excel 的“Unicode 文本”），不接受")
    if b"\x00" in sample:
        raise _bad(name, "含有二进制内容，不是文本文件")
    sample = _trim(sample, complete)
    if _decodes(sample, "utf-8") is not None:
        return "utf-8"
    guess = charset_normalizer.from_bytes(sample).best()
    text = _decodes(sample, "gb18030")
    gb_guess = guess is not None and guess.encoding.replace("_", "").lower() in _GB_FAMILY
    # Short GBK samples are sometimes guessed as UTF-16; a clean GB18030 decoding with Chinese
    # characters in it settles the matter.
    if text is not None and not _CONTROL.search(text) and (gb_guess or _CJK.search(text)):
        return "gb18030"
    raise _bad(name, "的编码无法识别（只接受 UTF-8、GBK、GB18030）")
