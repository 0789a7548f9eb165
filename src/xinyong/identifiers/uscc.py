"""统一社会信用代码 (USCC), GB 32100-2015.

18 characters: registering authority (1), organisation type (2), registering authority's division
code (3–8, GB/T 2260), the organisation code of GB 11714 (9–17, with its own check character) and
the check character (18). Only what certainly makes a code wrong is ``invalid`` (length, alphabet,
mod-31 check); what may be a real anomaly is a ``warning`` to review (疑似错码): an obsolete or
unknown prefix, an unknown division, a failing embedded organisation code, a real code on the
known-exception list whose check character is wrong.
"""

from __future__ import annotations

from operator import mul

from xinyong.identifiers.checksums import USCC_VALUES, USCC_WEIGHTS, org_code_check_char
from xinyong.identifiers.divisions import authority_division_known
from xinyong.identifiers.normalize import normalize
from xinyong.identifiers.prefixes import KNOWN_EXCEPTIONS, PREFIXES
from xinyong.identifiers.verdict import Check, make_check

KIND = "uscc"


def uscc_reasons(code: str) -> tuple[str, ...]:
    """Reason codes for an already normalized string (empty: valid)."""
    if len(code) != 18:
        return ("length",)
    try:
        values = [USCC_VALUES[c] for c in code]
    except KeyError:
        return ("format",)
    division = code[2:8]
    if not division.isdigit():
        return ("format",)
    reasons: list[str] = []
    if sum(map(mul, values, USCC_WEIGHTS)) % 31:
        reasons.append("checksum_known_exception" if code in KNOWN_EXCEPTIONS else "checksum")
    prefix = PREFIXES.get(code[:2])
    if prefix is None:
        reasons.append("prefix_unknown")
    elif prefix.status == "obsolete":
        reasons.append("prefix_obsolete")
    if not authority_division_known(division):
        reasons.append("division_unknown")
    if org_code_check_char(code[8:16]) != code[16]:
        reasons.append("embedded_org_code_checksum")
    return tuple(reasons)


def check_uscc(raw: str) -> Check:
    """Check a string as a USCC: ``check_uscc("91350100M000100Y43").verdict == "valid"``."""
    code = normalize(raw)
    if not code:
        return make_check(raw, code, KIND, ("empty",))
    return make_check(raw, code, KIND, uscc_reasons(code))
