"""工商注册号, GS15-2006: the 15-digit business registration number used before the USCC.

Positions 1–6 are the first registering authority's code (a GB/T 2260 division, or 100000 for the
national authority), 7–14 a sequence, 15 an ISO 7064 MOD 11,10 check digit.
"""

from __future__ import annotations

from xinyong.identifiers.checksums import registration_no_check_digit
from xinyong.identifiers.divisions import authority_division_known
from xinyong.identifiers.normalize import normalize
from xinyong.identifiers.verdict import Check, make_check

KIND = "registration_no"


def registration_no_reasons(code: str) -> tuple[str, ...]:
    if len(code) != 15:
        return ("length",)
    if not (code.isascii() and code.isdigit()):
        return ("format",)
    reasons = [] if registration_no_check_digit(code[:14]) == code[14] else ["checksum"]
    if not authority_division_known(code[:6]):
        reasons.append("division_unknown")
    return tuple(reasons)


def check_registration_no(raw: str) -> Check:
    """Check a string as a registration number (``"110108000000016"`` is valid)."""
    code = normalize(raw)
    if not code:
        return make_check(raw, code, KIND, ("empty",))
    return make_check(raw, code, KIND, registration_no_reasons(code))
