"""Check characters of the four codes, and the alphabets they are computed over.

Each generator takes the code without its check character and returns that character, so the
sample-city generator can make valid codes and the validators can compare.
"""

from __future__ import annotations

from operator import mul

from xinyong.errors import UserError

#: GB 32100: 31 symbols (no I, O, Z, S, V), valued 0–30 in this order.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_VALUES = {char: value for value, char in enumerate(USCC_ALPHABET)}
# W_i = 3^(i-1) mod 31 for positions 1–17; position 18 weighs 1, so a valid code sums to 0 mod 31.
USCC_WEIGHTS = (*(pow(3, i, 31) for i in range(17)), 1)

#: GB 11714: digits then the full Latin alphabet, valued 0–35.
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_VALUES = {char: value for value, char in enumerate(ORG_ALPHABET)}
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_DIGITS = "0123456789"


def _malformed(what: str, text: str, size: int, allowed: str) -> UserError:
    return UserError(f"无法计算{what}的校验位：“{text}”应为{size}个{allowed}。", code="bad_code_body")


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character: ``31 − (Σ C_i·W_i mod 31)``, 31 read as 0, mapped back to the alphabet."""
    try:
        if len(first17) != 17:
            raise KeyError(first17)
        total = sum(map(mul, (USCC_VALUES[c] for c in first17), USCC_WEIGHTS))
    except KeyError:
        raise _malformed("统一社会信用代码", first17, 17, "数字或大写字母（不含 I、O、Z、S、V）") from None
    return USCC_ALPHABET[-total % 31]


def citizen_id_check_char(first17: str) -> str:
    """GB 11643 (ISO 7064 MOD 11-2) check character; 10 is written ``X``."""
    # The weights are 2^(18-i) mod 11 and 13 ≡ 2 (mod 11), so Σ a_i·W_i ≡ 2·int(first17, base 13);
    # the check digit c makes the full sum ≡ 1 (mod 11). int() in base 13 does the sum in C.
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise _malformed("公民身份号码", first17, 17, "数字")
    value = (1 - 2 * int(first17, 13)) % 11
    return "X" if value == 10 else _DIGITS[value]


def org_code_check_char(body8: str) -> str:
    """GB 11714-1997 check character: ``11 − (Σ mod 11)``, 10 written ``X``, 11 written ``0``."""
    try:
        if len(body8) != 8:
            raise KeyError(body8)
        value = 11 - sum(map(mul, (ORG_VALUES[c] for c in body8), ORG_WEIGHTS)) % 11
    except KeyError:
        raise _malformed("组织机构代码", body8, 8, "数字或大写字母") from None
    return "X" if value == 10 else _DIGITS[value % 11]


def registration_no_check_digit(first14: str) -> str:
    """GS15-2006 (ISO 7064 MOD 11,10) check digit of a 15-digit registration number."""
    if len(first14) != 14 or not (first14.isascii() and first14.isdigit()):
        raise _malformed("工商注册号", first14, 14, "数字")
    product = 10
    for char in first14:
        product = ((product + int(char)) % 10 or 10) * 2 % 11
    return _DIGITS[(11 - product) % 10]
