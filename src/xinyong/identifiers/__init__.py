"""Identifiers: USCC (GB 32100), citizen ID (GB 11643), org code (GB 11714), registration number (GS15).

``check(raw)`` infers the kind and returns a ``Check``; ``check_uscc``, ``check_citizen_id``,
``check_org_code`` and ``check_registration_no`` check one kind; the ``*_check_char`` functions make
check characters; the ``division*`` functions answer from the GB/T 2260 history. Reason codes and
their Chinese explanations: ``REASONS`` / ``explain`` (``data/reasons.yaml``).
"""

from xinyong.identifiers.check import KINDS, check, check_as
from xinyong.identifiers.checksums import (
    citizen_id_check_char,
    org_code_check_char,
    registration_no_check_digit,
    uscc_check_char,
)
from xinyong.identifiers.citizen_id import birth_date, check_citizen_id, gender, region_code, to_18
from xinyong.identifiers.divisions import (
    current_divisions,
    division_existed,
    division_known,
    division_name,
)
from xinyong.identifiers.masking import mask
from xinyong.identifiers.normalize import normalize
from xinyong.identifiers.org_code import check_org_code
from xinyong.identifiers.prefixes import PREFIXES, UsccPrefix, uscc_prefix
from xinyong.identifiers.reasons import KIND_LABELS, REASONS, VERDICT_LABELS, explain
from xinyong.identifiers.registration_no import check_registration_no
from xinyong.identifiers.uscc import check_uscc
from xinyong.identifiers.verdict import Check

__all__ = [
    "KINDS", "KIND_LABELS", "PREFIXES", "REASONS", "VERDICT_LABELS", "Check", "UsccPrefix", "birth_date",
    "check", "check_as", "check_citizen_id", "check_org_code", "check_registration_no", "check_uscc",
    "citizen_id_check_char", "current_divisions", "division_existed", "division_known", "division_name",
    "explain", "gender", "mask", "normalize", "org_code_check_char", "region_code",
    "registration_no_check_digit", "to_18", "uscc_check_char", "uscc_prefix",
]
