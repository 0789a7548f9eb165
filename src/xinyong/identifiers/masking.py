"""Showing a person's ID number without revealing it (对外公示时隐去部分号码)."""

from __future__ import annotations

from xinyong.identifiers.normalize import normalize


def mask(number: str) -> str:
    """First 4 and last 4 characters shown, the rest starred: ``"3208**********6833"``.

    Numbers of 8 characters or fewer are starred entirely: showing 8 would show all of it.
    """
    text = normalize(number)
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]
