"""Every collected test vector gets the verdict its source states, or a difference we documented.

The vectors (tests/data/identifiers, with their sources) say ``valid``, ``valid-after-…``,
``invalid:<why>``, ``real-but-fails-checksum`` (we must keep these, flagged: warning),
``valid-per-source`` or ``unlabelled`` (real codes passing every check: valid). Where we decided
otherwise, docs/identifiers.md lists the vector in its table of deliberate differences, with our
verdict and reasons; this test fails when the table and the behaviour drift apart.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from xinyong.identifiers import check_citizen_id, check_org_code, check_registration_no, check_uscc
from xinyong.identifiers.verdict import Check

DATA = Path(__file__).parent / "data" / "identifiers"
DOC = Path(__file__).parents[1] / "docs" / "identifiers.md"
TODAY = date(2026, 11, 23)

CHECKERS = {
    "uscc.csv": check_uscc,
    "citizen_id.csv": lambda raw: check_citizen_id(raw, today=TODAY),
    "org_code_9.csv": check_org_code,
    "registration_no_15.csv": check_registration_no,
}
# What the sources' "invalid:<why>" means in our reason codes.
INVALID_REASONS = {
    "length": "length", "format": "format", "checksum": "checksum", "date": "birth_date_invalid",
    "region": "region_unknown", "region-not-yet-created": "region_not_at_birth_year",
    "region-abolished": "region_not_at_birth_year",
}


def _vectors() -> list[tuple[str, dict[str, str]]]:
    return [(name, row) for name in CHECKERS for row in csv.DictReader((DATA / name).open(encoding="utf-8"))]


def _expected(name: str, row: dict[str, str]) -> tuple[str, str | None]:
    """The verdict the source states and, for an invalid one, the reason code it implies."""
    says = row["source_says"]
    if says == "real-but-fails-checksum":
        return "warning", "checksum_known_exception"
    if says.startswith("valid") or says == "unlabelled":
        return "valid", None
    why = says.partition(":")[2]
    if not why:  # registration_no_15.csv: the computed column says which check fails
        why = "length" if "length" in row["iso7064_mod11_10"] else "checksum"
    return "invalid", INVALID_REASONS[why]


def _agrees(result: Check, verdict: str, reason: str | None) -> bool:
    return result.verdict == verdict and (reason is None or reason in result.reasons)


def _documented() -> dict[str, str]:
    """Rows of the differences table: input → what we say (``verdict: reason, reason``)."""
    section = DOC.read_text(encoding="utf-8").split("## Deliberate differences from the test vectors")[1]
    section = section.split("\n## ")[0]
    rows = re.findall(r"^\| `([^`]+)` \| [^|]+ \| [^|]+ \| ([^|]+) \|", section, flags=re.MULTILINE)
    return {code: said.strip() for code, said in rows}


def _said(result: Check) -> str:
    return f"{result.verdict}: {', '.join(result.reasons)}" if result.reasons else result.verdict


@pytest.mark.parametrize(("name", "row"), _vectors(), ids=lambda v: v if isinstance(v, str) else v["input"])
def test_vector_gets_the_sources_verdict_or_a_documented_one(name: str, row: dict[str, str]) -> None:
    result = CHECKERS[name](row["input"])
    verdict, reason = _expected(name, row)
    documented = _documented()
    if row["input"] in documented:
        assert not _agrees(result, verdict, reason), "agrees with its source: drop it from the doc"
        assert _said(result) == documented[row["input"]]
    else:
        assert _agrees(result, verdict, reason), f"source says {row['source_says']}, we {_said(result)}"


def test_every_documented_difference_is_a_vector() -> None:
    inputs = {row["input"] for _, row in _vectors()}
    assert set(_documented()) - inputs == set()
    assert len(_documented()) >= 10  # the table was found and read


def test_normalised_forms_match_the_collection() -> None:
    for row in csv.DictReader((DATA / "uscc.csv").open(encoding="utf-8")):
        assert check_uscc(row["input"]).normalized == row["normalized"]
