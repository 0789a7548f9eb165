"""Code checking throughput: ``xinyong.identifiers.check`` against python-stdnum on the same codes.

    python bench/identifiers_bench.py [N]      (N codes, default 1,000,000)

The codes are generated deterministically: about 70% USCCs (prefixes weighted like a city's
register, divisions of the current tables, old numeric and new ``MA…`` bodies), 25% citizen IDs
(births 1940–2010), 5% of either with one character changed. stdnum has no kind inference, so
its side is ``uscc.is_valid(c) or ric.is_valid(c)``, the cheapest way it answers "is this a valid
code"; ours is ``check(c)`` (kind inferred, every rule) and, for reference, the one-kind checks.
Prints codes/s for each and the ratio ours/stdnum, and how often the two accept the same codes.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from stdnum.cn import ric, uscc

from xinyong.identifiers import (
    check,
    check_citizen_id,
    check_uscc,
    citizen_id_check_char,
    current_divisions,
    division_existed,
    org_code_check_char,
    uscc_check_char,
)
from xinyong.identifiers.checksums import USCC_ALPHABET
from xinyong.identifiers.divisions import history

Result = TypeVar("Result")
TODAY = date(2026, 11, 23)
PREFIXES = {"91": 60, "92": 25, "93": 3, "12": 3, "11": 2, "51": 2, "52": 2, "53": 1, "31": 1, "N2": 1}
_BODY_LETTERS = USCC_ALPHABET[10:]


def _uscc(rng: random.Random, divisions: list[str]) -> str:
    prefix = rng.choices(list(PREFIXES), weights=list(PREFIXES.values()))[0]
    if rng.random() < 0.5:
        body = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(7)) + rng.choice(_BODY_LETTERS + "0123456789")
    first17 = prefix + rng.choice(divisions) + body + org_code_check_char(body)
    return first17 + uscc_check_char(first17)


def _citizen_id(rng: random.Random, regions_by_year: dict[int, list[str]]) -> str:
    born = date.fromordinal(rng.randint(date(1940, 1, 1).toordinal(), date(2010, 12, 31).toordinal()))
    first17 = f"{rng.choice(regions_by_year[born.year])}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return first17 + citizen_id_check_char(first17)


def _corrupt(rng: random.Random, code: str) -> str:
    position = rng.randrange(len(code))
    return code[:position] + rng.choice(USCC_ALPHABET.replace(code[position], "")) + code[position + 1:]


def generate(count: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    divisions = [code for code, _ in current_divisions("")]
    table = history()
    # Real ID numbers mostly carry a code in force in the birth year: draw from those.
    counties = [code for code in table.runs if not code.endswith("00")]
    regions_by_year = {year: [c for c in counties if division_existed(c, year)] for year in range(1940, 2011)}
    codes = []
    for _ in range(count):
        roll = rng.random()
        is_uscc = roll < 0.7 or 0.95 <= roll < 0.985
        code = _uscc(rng, divisions) if is_uscc else _citizen_id(rng, regions_by_year)
        codes.append(_corrupt(rng, code) if roll >= 0.95 else code)
    return codes


def _stdnum_valid(code: str) -> bool:
    try:
        return uscc.is_valid(code) or ric.is_valid(code)
    except KeyError:  # stdnum 2.2's ric.is_valid raises on some abolished county codes
        return False


def _time(label: str, function: Callable[[str], Result], codes: list[str]) -> tuple[float, list[Result]]:
    started = time.perf_counter()
    results = [function(code) for code in codes]
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {len(codes) / elapsed:>12,.0f} codes/s  ({elapsed:.2f} s)")
    return elapsed, results


def main(count: int) -> None:
    started = time.perf_counter()
    codes = generate(count)
    print(f"{count:,} codes generated in {time.perf_counter() - started:.1f} s")
    # Both sides load their region tables on first use: do it outside the timings.
    check("11010519491231002X", today=TODAY)
    _stdnum_valid("11010519491231002X")
    ours, checks = _time("xinyong check(code) (kind inferred)", lambda c: check(c, today=TODAY), codes)
    ids = [c for c, result in zip(codes, checks, strict=True) if result.kind == "citizen_id"]
    orgs = [c for c, result in zip(codes, checks, strict=True) if result.kind == "uscc"]
    _time("xinyong check_uscc (USCC-kind codes only)", check_uscc, orgs)
    _time("xinyong check_citizen_id (ID-kind codes only)", lambda c: check_citizen_id(c, today=TODAY), ids)
    theirs, accepted = _time("stdnum uscc.is_valid or ric.is_valid", _stdnum_valid, codes)
    print(f"ratio ours/stdnum (throughput): {theirs / ours:.2f}")
    verdicts = Counter(result.verdict for result in checks)
    print("our verdicts:", ", ".join(f"{v} {n:,}" for v, n in sorted(verdicts.items())))
    agree = sum((result.verdict != "invalid") == ok for result, ok in zip(checks, accepted, strict=True))
    print(f"ours acceptable == stdnum valid on {agree:,} of {count:,} codes ({agree / count:.2%})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
