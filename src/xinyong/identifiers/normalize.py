"""Cleaning a code the way people and department systems write it."""

from __future__ import annotations

import re
import unicodedata

# Separators seen in real submissions: spaces of every width, hyphens and dashes, dots.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―·.]+")


def normalize(raw: str) -> str:
    """Full-width to half-width, separators removed, upper case: ``" ９１３５-0100m… "`` → ``"913501 00M…"``."""
    text = unicodedata.normalize("NFKC", raw)
    return _SEPARATORS.sub("", text).upper()
