"""Place names in organisation names, from the GB/T 2260 history: "广东省珠海市…", "珠海…", "…（珠海）…".

Names carry where they were registered (珠海市华信…, 华信（珠海）…), often in short form (珠海华信…).
Stripping them lets "珠海华信电子" and "华信（珠海）电子" meet; keeping their codes lets "广州华信电子"
and "珠海华信电子" be told apart. Short forms (珠海 for 珠海市) are read for provinces and prefectures
only, and only as the first word of a name: county names without their 区/县/市 ("香洲", "斗门",
"永安", "万源") are as often trade names (字号) as places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from xinyong.identifiers.divisions import history

NATIONAL = "000000"  # 中国: compatible with every place
_SUFFIXES = re.compile(r"(维吾尔|壮族|回族)?(自治区|特别行政区)$|[省市]$|地区$|盟$")
_PREFECTURE_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,8}族)+自治州$")
_SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划"}
_LONGEST = 12
_NATIONAL_NAMES = {"中国", "中华人民共和国"}


def level_length(code: str) -> int:
    """How many leading digits identify the unit: 0 national, 2 province, 4 prefecture, 6 county."""
    if code == NATIONAL:
        return 0
    if code.endswith("0000"):
        return 2
    return 4 if code.endswith("00") else 6


def compatible(a: str, b: str) -> bool:
    """The two units are the same or one contains the other (广东 ⊃ 珠海 ⊃ 香洲)."""
    length = min(level_length(a), level_length(b))
    return a[:length] == b[:length]


@lru_cache(maxsize=65_536)
def most_specific(codes: tuple[str, ...]) -> set[str]:
    """The places not containing another of ``codes``: 珠海市香洲区 → {香洲区}."""
    return {a for a in codes if not any(b != a and compatible(a, b) and level_length(b) > level_length(a)
                                        for b in codes)}


@lru_cache(maxsize=262_144)
def places_agree(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """The most specific places on each side meet (珠海市香洲区 and 珠海 agree; 香洲区 and 斗门区 do not)."""
    return any(compatible(a, b) for a in most_specific(left) for b in most_specific(right))


def _short_form(name: str, code: str) -> str | None:
    if level_length(code) == 6:
        return None  # 区、县、县级市: short forms are too often trade names
    if match := _PREFECTURE_AUTONOMOUS.match(name):
        return match.group(1)[:2]
    short = _SUFFIXES.sub("", name)
    return short if len(short) >= 2 and short != name else None


@dataclass(frozen=True)
class PlaceTable:
    full: dict[str, tuple[str, ...]]  # 珠海市 → (440400,)
    short: dict[str, tuple[str, ...]]  # 珠海 → (440400,)
    county_short: dict[str, tuple[str, ...]]  # 香洲 → (440402,): only to read branch names

    def lookup(self, text: str) -> tuple[str, ...]:
        """Codes of a whole text that is a place name (full or short form), else ().

        中国 counts as a place only here, inside brackets (华信（中国）有限公司): at the start of a
        name it is part of the name (中国银行).
        """
        if text in _NATIONAL_NAMES:
            return (NATIONAL,)
        return self.full.get(text) or self.short.get(text) or ()

    def strip_leading(self, text: str, keep: int = 2, short: bool = True) -> tuple[str, tuple[str, ...]]:
        """Remove place names from the start of ``text`` while at least ``keep`` characters remain.

        A short form is removed only as the first word and when three or more characters remain,
        so that "中山大学" keeps its name.
        """
        found: list[str] = []
        for turn in range(3):
            step = self._leading(text, keep, short=short and turn == 0)
            if step is None:
                break
            length, codes = step
            text, found = text[length:], found + list(codes)
        return text, tuple(found)

    def _leading(self, text: str, keep: int, short: bool) -> tuple[int, tuple[str, ...]] | None:
        for length in range(min(_LONGEST, len(text) - keep), 1, -1):
            head = text[:length]
            if head in self.full:
                return length, self.full[head]
            if short and head in self.short and len(text) - length >= max(keep, 3):
                return length, self.short[head]
        return None


@cache
def place_table() -> PlaceTable:
    """Every name a unit carried in any year of the table, and short forms of the larger ones."""
    full: dict[str, set[str]] = {}
    short: dict[str, set[str]] = {}
    county_short: dict[str, set[str]] = {}
    for code, runs in history().runs.items():
        for run in runs:
            if run.derived or run.name in _SKIP:
                continue
            full.setdefault(run.name, set()).add(code)
            if abbreviated := _short_form(run.name, code):
                short.setdefault(abbreviated, set()).add(code)
            if level_length(code) == 6 and len(run.name) >= 3:
                county_short.setdefault(run.name[:-1], set()).add(code)
    return PlaceTable(
        full={k: tuple(sorted(v)) for k, v in full.items()},
        short={k: tuple(sorted(v)) for k, v in short.items() if k not in full},
        county_short={k: tuple(sorted(v)) for k, v in county_short.items()},
    )


def place_label(code: str) -> str:
    """珠海市 for 440400 — what evidence shows instead of a code."""
    if code == NATIONAL:
        return "中国"
    runs = history().runs.get(code)
    return runs[-1].name if runs else code


def region_codes(text: str) -> tuple[str, ...]:
    """A region a query gives: a 6-digit GB/T 2260 code, or a place name (珠海市, 珠海, 香洲区)."""
    text = text.strip()
    if re.fullmatch(r"\d{6}", text):
        return (text,) if text in history().runs else ()
    table = place_table()
    return table.lookup(text) or table.county_short.get(text, ())
