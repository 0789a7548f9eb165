"""Cleaning a code the way people and department systems write it."""

from __future__ import annotations

import re
import unicodedata

# Separators seen in real submissions: spaces of every width (including the ideographic space and
# zero-width characters pasted from web pages), hyphens, dashes and minus signs, dots.
_SEPARATORS = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\-\u2010-\u2015\u2212\ufe58\ufe63·.]+")


def normalize(raw: str) -> str:
    """Full-width to half-width, separators removed, upper case: ``" ９１３５-0100m…"`` → ``"91350100M…"``."""
    # Most codes arrive clean; skipping NFKC and the regex for them keeps bulk checks fast.
    if raw.isascii() and raw.isalnum():
        return raw.upper()
    text = unicodedata.normalize("NFKC", raw)
    return _SEPARATORS.sub("", text).upper()
