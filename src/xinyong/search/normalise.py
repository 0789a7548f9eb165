"""Search keys: one spelling for every way a name or a code can be typed.

A name's key is its registry key (full-width folded, no spaces, lower case) with every
traditional character replaced by its simplified form (繁体 → 简体), so that 華信 finds 华信 and
the other way round. The replacement is character by character, never by phrase: a phrase-level
conversion could turn a fragment differently from the same characters inside a whole name, and
then a substring of the name would no longer be a substring of its key.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

from xinyong.identifiers import normalize
from xinyong.subjects.names import name_key

# The CJK blocks that hold traditional characters OpenCC knows: Unified Ideographs with
# Extension A, the compatibility block, and Extension B.
_CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))
_CODE = re.compile(r"^[0-9A-Z]+$")
# Bigram k of a key is (ord(a) << 21) | ord(b): two code points fit in 42 bits. The last
# character pairs with 0, so that every character begins a bigram and one-character queries
# can use the same postings.
_SHIFT = 21
# Each role with postings has its own range of bigram values above those 42 bits, so a tier walks
# only its own role's postings: a walk of former names does not pass every current name first.
ROLE_OFFSETS = {"name": 0, "former": 1 << 42}


@lru_cache(maxsize=1)
def _simplify_table() -> dict[int, str]:
    """Traditional → simplified, one character at a time, from OpenCC's ``t2s`` dictionaries."""
    characters = [chr(c) for low, high in _CJK_RANGES for c in range(low, high + 1)]
    # Newlines keep OpenCC from reading two neighbours as one phrase.
    converted = opencc.OpenCC("t2s").convert("\n".join(characters)).split("\n")
    if len(converted) != len(characters):
        raise RuntimeError("OpenCC t2s changed the number of characters; cannot build a character table")
    return {ord(t): s for t, s in zip(characters, converted, strict=True) if t != s and len(s) == 1}


def search_key(text: str) -> str:
    """The key a name is indexed under and a query is compared with."""
    return name_key(text).translate(_simplify_table())


def code_form(text: str) -> str | None:
    """The query as a code or the start of one (upper case, no spaces or hyphens), if it can be one."""
    code = normalize(text)
    return code if _CODE.match(code) else None


def bigrams(key: str, role: str) -> set[int]:
    """The postings of a key of ``role``: each character with the one after it (or 0 after the last)."""
    points, offset = [ord(c) for c in key], ROLE_OFFSETS[role]
    return {offset | (a << _SHIFT) | b for a, b in zip(points, [*points[1:], 0], strict=True)}


def bigram(pair: str, role: str) -> int:
    return ROLE_OFFSETS[role] | (ord(pair[0]) << _SHIFT) | ord(pair[1])


def trigram(triple: str) -> int:
    """Three neighbouring characters of a current name, as a negative number: bigrams are never
    negative, so both kinds of posting share one table and its index without meeting. 63 bits
    hold three code points; only current names have them (former names are few, their bigram
    walks short)."""
    return -1 - ((ord(triple[0]) << 2 * _SHIFT) | (ord(triple[1]) << _SHIFT) | ord(triple[2]))


def postings(key: str, role: str) -> set[int]:
    """Every posting of a key of ``role``: its bigrams, and for a current name its trigrams too."""
    grams = bigrams(key, role)
    if role == "name":
        grams |= {trigram(key[i:i + 3]) for i in range(len(key) - 2)}
    return grams


def first_char_range(char: str, role: str) -> tuple[int, int]:
    """The postings of ``role`` whose first character is ``char``: every key that contains it."""
    offset = ROLE_OFFSETS[role]
    return offset | ord(char) << _SHIFT, offset | (ord(char) + 1) << _SHIFT
