"""The one way names are compared: how a header or a code value finds its field or code."""

from __future__ import annotations

import re
import unicodedata

# Marks templates add to headers: "*名称", "名称（必填）", "名称(选填)".
_MARKS = re.compile(r"[*＊]|\((必填|选填|可选|非必填)\)")
_SPACES = re.compile(r"\s+")


def match_key(text: str) -> str:
    """Width-, case- and space-insensitive key: ``" 行政相对人名称（必填）"`` → ``"行政相对人名称"``."""
    folded = unicodedata.normalize("NFKC", text)
    return _MARKS.sub("", _SPACES.sub("", folded)).lower()
