"""组织机构代码, GB 11714-1997: 8 body characters (digits, capital letters) and a check character.

Written on certificates as ``D2143569-X``; normalisation drops the hyphen. The code is the old key
of organisations, kept as positions 9–17 of their USCC.
"""

from __future__ import annotations

from xinyong.identifiers.checksums import ORG_VALUES, org_code_check_char
from xinyong.identifiers.normalize import normalize
from xinyong.identifiers.verdict import Check, make_check

KIND = "org_code"
_CHECK_CHARS = frozenset("0123456789X")


def org_code_reasons(code: str) -> tuple[str, ...]:
    if len(code) != 9:
        return ("length",)
    body = code[:8]
    if any(c not in ORG_VALUES for c in body) or code[8] not in _CHECK_CHARS:
        return ("format",)
    return () if org_code_check_char(body) == code[8] else ("checksum",)


def check_org_code(raw: str) -> Check:
    """Check a string as an organisation code: ``check_org_code("D2143569-X").verdict == "valid"``."""
    code = normalize(raw)
    if not code:
        return make_check(raw, code, KIND, ("empty",))
    return make_check(raw, code, KIND, org_code_reasons(code))
