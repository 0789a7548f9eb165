"""公民身份号码, GB 11643-1999: address code (1–6), birth date (7–14), sequence (15–17), check (18).

The address code is the GB/T 2260 code in force when the number was given, which this check takes
to be the birth year (it may be later: people who got their first number as adults). So a code
unknown to every table, or not in force in the birth year, is a ``warning`` to review, never a
rejection; births before the first table (1980) are judged against the first table.
810000/820000/830000 are the numbers of 港澳台居民居住证 and fit any birth year. First-generation
15-digit numbers (no century, no check digit) are upgraded to 18 digits.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from xinyong.clock import Clock
from xinyong.errors import UserError
from xinyong.identifiers.checksums import citizen_id_check_char
from xinyong.identifiers.divisions import division_existed, division_known
from xinyong.identifiers.masking import mask
from xinyong.identifiers.normalize import normalize
from xinyong.identifiers.verdict import Check, make_check

KIND = "citizen_id"
RESIDENCE_PERMIT_REGIONS = frozenset({"810000", "820000", "830000"})
EARLIEST_BIRTH = date(1890, 1, 1)
_CHECK_CHARS = frozenset("0123456789X")


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _upgrade(code15: str) -> str:
    """GB 11643 upgrade of a first-generation number: century "19" inserted, check character added."""
    first17 = code15[:6] + "19" + code15[6:]
    return first17 + citizen_id_check_char(first17)


def citizen_id_reasons(code: str, today: date | None = None) -> tuple[str, tuple[str, ...]]:
    """The 18-digit form (upgraded from 15 when needed) and the reason codes of a normalized string."""
    reasons: list[str] = []
    if len(code) == 15:
        if not _digits(code):
            return code, ("format",)
        code = _upgrade(code)
        first17 = code[:17]
        reasons.append("converted_from_15")
    elif len(code) == 18:
        first17 = code[:17]
        if not _digits(first17) or code[17] not in _CHECK_CHARS:
            return code, ("format",)
        if citizen_id_check_char(first17) != code[17]:
            reasons.append("checksum")
    else:
        return code, ("length",)

    year = int(first17[6:10])
    try:
        born: date | None = date(year, int(first17[10:12]), int(first17[12:14]))
    except ValueError:
        born = None
        reasons.append("birth_date_invalid")
    if born is not None:
        if born < EARLIEST_BIRTH:
            reasons.append("birth_date_too_early")
        elif born > (today or Clock().today()):
            reasons.append("birth_date_future")

    region = first17[:6]
    if region in RESIDENCE_PERMIT_REGIONS:
        reasons.append("residence_permit")
    elif not division_known(region):
        reasons.append("region_unknown")
    elif born is not None and not division_existed(region, year):
        reasons.append("region_not_at_birth_year")
    return code, tuple(reasons)


def check_citizen_id(raw: str, *, today: date | None = None) -> Check:
    """Check a string as a citizen ID number; ``today`` bounds the birth date (default: the real date)."""
    code = normalize(raw)
    if not code:
        return make_check(raw, code, KIND, ("empty",))
    normalized, reasons = citizen_id_reasons(code, today)
    return make_check(raw, normalized, KIND, reasons)


def to_18(number: str) -> str:
    """The number in 18 digits; 15-digit numbers are upgraded (``"110105491231002"`` → ``"…002X"``)."""
    code = normalize(number)
    if len(code) == 15 and _digits(code):
        return _upgrade(code)
    if len(code) == 18 and _digits(code[:17]) and code[17] in _CHECK_CHARS:
        return code
    raise UserError(f"“{mask(number)}”不是15位或18位的公民身份号码。", code="bad_citizen_id")


def birth_date(number: str) -> date:
    """Date of birth written in the number."""
    code = to_18(number)
    try:
        return date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        message = f"公民身份号码 {mask(code)} 的出生日期不是真实日期。"
        raise UserError(message, code="bad_citizen_id") from None


def gender(number: str) -> Literal["male", "female"]:
    """Sex written in the number: the sequence (positions 15–17) is odd for men, even for women."""
    return "male" if int(to_18(number)[16]) % 2 else "female"


def region_code(number: str) -> str:
    """The address code (GB/T 2260) written in the number."""
    return to_18(number)[:6]
