"""Comparing a full or partly masked citizen ID with what the registry keeps of a person.

The registry never keeps the number in clear: it keeps a keyed hash (``subjects.code``, exact
look-up of a *full* number only), the number sealed with AES-GCM, the masked form ``id_masked``
(positions 1–4 and 15–18, ``3208**********6833``) and the birth year (positions 7–10) — not the
birth date, which with the masked form would give away 16 of the 18 characters. A hash cannot be
compared in part, and matching does not open the sealed number, so a masked query such as
``3208191960****6833`` is compared position by position with:

- positions 1–4 (province and prefecture of issue) and 15–18 (sequence, sex, check character) —
  from ``id_masked``;
- positions 7–10 (birth year) — from ``birth_year``;

and positions 5–6 (the county) and 11–14 (month and day) can never be compared. Every visible
digit that contradicts a known one rules the person out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from xinyong.errors import UserError
from xinyong.identifiers import check_citizen_id, mask, to_18

_MASKS = str.maketrans({c: "*" for c in "*×•#?"})
_SHAPE = re.compile(r"^[0-9*]{17}[0-9X*]$")
KNOWN_FROM_MASK = tuple(range(0, 4)) + tuple(range(14, 18))
KNOWN_FROM_BIRTH = tuple(range(6, 10))


@dataclass(frozen=True)
class PartialId:
    """An 18-character citizen ID with ``*`` where the giver hid digits."""

    text: str

    @property
    def full(self) -> bool:
        return "*" not in self.text

    def visible(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.text) if c != "*")

    def masked_form(self) -> str | None:
        """The ``id_masked`` a person with this number would carry, when positions 1–4 and 15–18 show."""
        if all(self.text[i] != "*" for i in KNOWN_FROM_MASK):
            return self.text[:4] + "*" * 10 + self.text[14:]
        return None

    def shown(self) -> str:
        """What evidence may show of the number: never more than the masked form."""
        return mask(self.text) if self.full else self.text[:4] + "*" * 10 + self.text[14:]


def parse_partial_id(raw: str, today: date) -> PartialId:
    """Read a full or masked citizen ID; a ``UserError`` names what is wrong without echoing the number.

    ``today`` bounds the birth date of a full number (from the platform clock).
    """
    text = unicodedata.normalize("NFKC", raw).translate(_MASKS).replace(" ", "").upper()
    if re.fullmatch(r"\d{15}", text):
        text = to_18(text)
    if not _SHAPE.match(text):
        raise UserError(f"证件号码“{mask(text) if len(text) > 8 else '*' * len(text)}”应为 18 位（或 15 位旧号），"
                        f"只含数字、末位 X 和表示遮盖的 *", code="bad_id_number")
    if "*" not in text:
        verdict = check_citizen_id(text, today=today)
        if verdict.verdict == "invalid":
            raise UserError(f"证件号码“{mask(text)}”不是有效的公民身份号码（校验位或出生日期不正确）；"
                            "如只知道部分号码，请用 * 遮盖其余位", code="bad_id_number")
    if len(PartialId(text).visible()) < 4:
        raise UserError("证件号码可见位少于 4 位，无法用于比对", code="bad_id_number")
    return PartialId(text)


@dataclass(frozen=True)
class IdComparison:
    matched: tuple[int, ...]  # 0-based positions that agree
    conflicting: tuple[int, ...]  # positions that disagree
    uncompared: tuple[int, ...]  # visible in the query, unknown in the registry


def compare_partial_id(query: PartialId, id_masked: str | None, birth_year: int | None) -> IdComparison:
    known: dict[int, str] = {}
    if id_masked and len(id_masked) == 18:
        known.update({i: id_masked[i] for i in KNOWN_FROM_MASK})
    if birth_year is not None:
        known.update(zip(KNOWN_FROM_BIRTH, f"{birth_year:04d}", strict=True))
    matched, conflicting, uncompared = [], [], []
    for position in query.visible():
        if position not in known:
            uncompared.append(position)
        elif known[position] == query.text[position]:
            matched.append(position)
        else:
            conflicting.append(position)
    return IdComparison(tuple(matched), tuple(conflicting), tuple(uncompared))


def describe_positions(positions: tuple[int, ...]) -> str:
    """0-based positions as the 1-based runs people read: 第1–4、7–10、15–18位."""
    runs: list[list[int]] = []
    for position in sorted(positions):
        if runs and position == runs[-1][-1] + 1:
            runs[-1].append(position)
        else:
            runs.append([position])
    parts = [f"{r[0] + 1}" if len(r) == 1 else f"{r[0] + 1}–{r[-1] + 1}" for r in runs]
    return f"第{'、'.join(parts)}位" if parts else "无"
