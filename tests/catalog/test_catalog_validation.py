"""A broken catalog stops the platform at start, naming every problem and its file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from xinyong.catalog import CatalogInvalid, load_catalog
from xinyong.catalog.catalog import DATA


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit(folder: Path, name: str, change: Callable[[str], str]) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, "the edit did not apply"
    path.write_text(changed, encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(CatalogInvalid) as invalid:
        load_catalog(folder)
    return invalid.value.problems


def test_the_shipped_catalog_loads(copy: Path) -> None:
    assert load_catalog(copy).version == "2026.1"


def test_unknown_code_table(copy: Path) -> None:
    _edit(
        copy,
        "items/03_administrative.yaml",
        lambda t: t.replace("code_table: permit_category", "code_table: permit_kinds"),
    )
    assert any("XK_XKLB 引用了未知代码表 'permit_kinds'" in p for p in _problems(copy))


def test_duplicate_field_code(copy: Path) -> None:
    _edit(copy, "items/03_administrative.yaml", lambda t: t.replace("{code: XK_XKZS,", "{code: XK_XKBH,"))
    problems = _problems(copy)
    assert any("administrative_permit 的字段代码 XK_XKBH 重复" in p for p in problems)


def test_department_supplying_an_unknown_item(copy: Path) -> None:
    _edit(
        copy,
        "departments.yaml",
        lambda t: t.replace(
            "items: [organisation_registration]", "items: [organisation_registration, staff_list]"
        ),
    )
    problems = _problems(copy)
    assert any(
        p.startswith("departments.yaml") and "BWB" in p and "staff_list 不在目录中" in p for p in problems
    )


def test_overlapping_effective_dates(copy: Path) -> None:
    _edit(
        copy,
        "publicity.yaml",
        lambda t: t.replace(
            "effective_from: 2026-04-01\n        effective_to: null",
            "effective_from: 2026-03-01\n        effective_to: null",
            1,
        ),
    )
    assert any(
        "公示规则 administrative_penalty 的生效期重叠" in p and "2026-03-01" in p for p in _problems(copy)
    )


def test_a_file_of_an_unknown_version_and_bad_yaml_are_both_reported(copy: Path) -> None:
    _edit(copy, "items/07_contract.yaml", lambda t: t.replace('version: "2022.1"', 'version: "2023.9"'))
    _edit(copy, "code_tables.yaml", lambda t: t.replace("  - id: risk_class", "  - id: risk_class: [", 1))
    problems = _problems(copy)
    assert any(p.startswith("items/07_contract.yaml") and "2023.9" in p for p in problems)
    assert any(p.startswith("code_tables.yaml") and "不是有效的 YAML" in p for p in problems)


def test_a_condition_on_a_code_the_table_lacks(copy: Path) -> None:
    _edit(
        copy,
        "items/03_administrative.yaml",
        lambda t: t.replace('any_of: ["06", "08"]', 'any_of: ["06", "88"]'),
    )
    assert any("88 不在代码表 penalty_category 中" in p for p in _problems(copy))


def test_a_category_left_empty(copy: Path) -> None:
    (copy / "items" / "11_voluntary.yaml").unlink()
    problems = _problems(copy)
    assert any("11 市场主体自愿提供的信用信息 下没有任何信息项" in p for p in problems)
    assert any("voluntary_information 不在目录中" in p for p in problems)  # FGJ still lists it


def test_a_header_name_claimed_by_two_fields(copy: Path) -> None:
    _edit(
        copy,
        "items/03_administrative.yaml",
        lambda t: t.replace("synonyms: [证书名称]", "synonyms: [许可编号]"),
    )
    assert any("表头名“许可编号”同时指向字段" in p for p in _problems(copy))
