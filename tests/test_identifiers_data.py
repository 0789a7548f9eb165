"""The data behind the checks: division history, rule files, reason table, documentation."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from xinyong.identifiers import (
    REASONS,
    check,
    current_divisions,
    division_existed,
    division_known,
    division_name,
)
from xinyong.identifiers.divisions import read_history
from xinyong.identifiers.prefixes import ExceptionList, PrefixTable
from xinyong.identifiers.rules import RulesError, load_rules

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data" / "identifiers"


def test_division_history() -> None:
    assert division_name("362324", 1981) == "丰城县"
    assert division_name("362324", 1982) == "铅山县"
    assert division_name("362324") == "铅山县"
    assert division_name("362324", 2000) is None
    assert division_name("120110", 1985) == "东郊区" and division_name("120110", 2000) == "东丽区"
    assert not division_existed("500154", 2015) and division_existed("500154", 2016)
    assert division_existed("500154", 2030)  # after the last table: the last table
    assert division_existed("110201", 1975) and not division_existed("110111", 1975)  # before: the first
    assert division_known("440301") and division_name("440301") == "市辖区"  # grouping code, added
    assert not division_known("990426")


def test_current_divisions_of_the_sample_city() -> None:
    assert current_divisions("4404") == [("440402", "香洲区"), ("440403", "斗门区"), ("440404", "金湾区")]
    assert all(not code.endswith("01") for code, _ in current_divisions("4403"))  # no 市辖区
    assert "441900" not in dict(current_divisions("44"))  # prefecture level is not county level


def _build_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_gbt2260", ROOT / "scripts" / "build_gbt2260.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_script_condenses_and_adds_grouping_codes(tmp_path: Path) -> None:
    output = tmp_path / "divisions.tsv.gz"
    _build_script().build(DATA / "address_code_sample.csv", output)
    table = read_history(output)
    assert (table.first_year, table.last_year) == (1980, 1999)
    runs = {code: [(r.first, r.last, r.name, r.derived) for r in rs] for code, rs in table.runs.items()}
    assert runs["362324"] == [(1980, 1981, "丰城县", False), (1982, 1999, "铅山县", False)]
    # 深圳 got districts in 1990, so its 市辖区 440301 exists from 1990.
    assert runs["440301"] == [(1990, 1991, "市辖区", True)]
    assert [(r.first, r.last) for r in table.runs["110100"]] == [(1980, 1982)]
    assert [(r.first, r.last, r.name) for r in table.runs["110200"]] == [(1980, 1982, "县")]
    assert "440321" in table.runs and "440300" in table.runs
    first = output.read_bytes()
    _build_script().build(DATA / "address_code_sample.csv", output)
    assert output.read_bytes() == first  # reproducible: no timestamp in the gzip header


def test_a_malformed_rule_file_stops_the_start(tmp_path: Path) -> None:
    broken = tmp_path / "uscc_prefixes.yaml"
    broken.write_text(
        "version: x\neffective_from: 2015-10-01\nsources: []\n"
        "prefixes:\n  '9I': {authority: a, type: b, category: enterprise, kind: organisation}\n"
        "  '91': {authority: a, type: b, category: shop, kind: organisation}\n", encoding="utf-8")
    with pytest.raises(RulesError, match="不合规") as error:
        load_rules(broken, PrefixTable)
    assert "9I" in str(error.value) and "category" in str(error.value)
    with pytest.raises(RulesError, match="无法读取"):
        load_rules(tmp_path / "missing.yaml", PrefixTable)


def test_an_exception_must_really_fail_the_check() -> None:
    entry = {"code": "91350100M000100Y43", "name": "", "expected_check": "3", "source": "test"}
    with pytest.raises(ValidationError, match="本来就对"):
        ExceptionList.model_validate({"version": 1, "effective_from": "2026-11-01", "exceptions": [entry]})
    entry = {"code": "91350211M0000XUF46", "name": "", "expected_check": "Q", "source": "test"}
    with pytest.raises(ValidationError, match="应有校验码是 R"):
        ExceptionList.model_validate({"version": 1, "effective_from": "2026-11-01", "exceptions": [entry]})


# One code per reason: every reason in the table can happen, and each example shows it.
REASON_EXAMPLES = {
    "empty": ("", None), "length": ("12345", None), "format": ("9111000060003IOZSV", None),
    "checksum": ("91350100M000100Y4A", None), "checksum_known_exception": ("91350211M0000XUF46", None),
    "prefix_obsolete": ("54440402MA000004XC", None), "prefix_unknown": ("25440402MA0000058C", None),
    "division_unknown": ("91999999MA0000066C", None),
    "embedded_org_code_checksum": ("911101005JLR20JR60", None),
    "birth_date_invalid": ("360426199113010079", None), "birth_date_future": ("11010520300101001X", None),
    "birth_date_too_early": ("110105185001010013", None), "region_unknown": ("990426199112010074", None),
    "region_not_at_birth_year": ("500154199301135886", None), "converted_from_15": ("110105491231002", None),
    "residence_permit": ("810000199408230021", None), "also_valid_as_uscc": ("131101199601014663", None),
    "also_valid_as_registration_no": ("110105491231002", None),
    "not_valid_as_uscc": ("11010519491231002X", None),
    "not_valid_as_citizen_id": ("911522010783762860", None),
    "not_valid_as_registration_no": ("610104620927690", None),
}


@pytest.mark.parametrize("reason", sorted(REASONS))
def test_every_reason_can_happen(reason: str) -> None:
    raw, kind = REASON_EXAMPLES[reason]
    assert reason in check(raw, kind).reasons


def test_every_reason_is_documented() -> None:
    doc = (ROOT / "docs" / "identifiers.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_0-9]+)` \| (invalid|warning|info) \|", doc, flags=re.MULTILINE)
    assert dict(rows) == {code: reason.severity for code, reason in REASONS.items()}
