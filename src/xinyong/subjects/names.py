"""Names as keys: the same organisation written two ways finds the same subject."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Full-width to half-width (brackets included), no spaces, lower case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name)).lower()


def clean_name(name: str) -> str:
    """A name for display: trimmed, inner runs of spaces folded, half-width brackets made full-width."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()
    return text.replace("(", "（").replace(")", "）")
