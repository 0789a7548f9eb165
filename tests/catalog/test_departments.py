"""The sample city's departments: a realistic set, each code valid, each supplying catalog items."""

from __future__ import annotations

from stdnum.cn import uscc as stdnum_uscc

from xinyong.catalog import get_catalog

_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _gb32100_check(code: str) -> str:
    total = sum(_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(code[:17]))
    return _CHARS[(31 - total % 31) % 31]


def _gb11714_check(body: str) -> str:
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    rest = 11 - total % 11
    return {10: "X", 11: "0"}.get(rest, str(rest))


def test_sample_city_departments_have_valid_government_codes() -> None:
    departments = get_catalog().departments()
    assert 20 <= len(departments) <= 30
    for department in departments:
        code = department.uscc
        assert code.startswith("11440400"), department.name  # 机关, registered in 珠海市
        assert code[17] == _gb32100_check(code), department.name
        assert code[16] == _gb11714_check(code[8:16]), department.name
        assert stdnum_uscc.is_valid(code), department.name


def test_key_departments_supply_what_they_decide() -> None:
    catalog = get_catalog()
    names = {d.name for d in catalog.departments()}
    assert {
        "珠海市市场监督管理局",
        "国家税务总局珠海市税务局",
        "珠海市生态环境局",
        "珠海市消防救援支队",
    } <= names
    assert "abnormal_operation" in catalog.department("SCJGJ").items
    assert "tax_credit_a" in catalog.department("SWJ").items
    assert len(catalog.departments_supplying("administrative_penalty")) >= 20
