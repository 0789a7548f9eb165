"""A broken lists file stops the platform at start, naming every problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xinyong.lists import ListsInvalid, load_lists
from xinyong.lists.registry import DATA


@pytest.fixture
def lists_file(tmp_path: Path) -> Path:
    target = tmp_path / "lists.yaml"
    shutil.copy(DATA, target)
    return target


def _problems(path: Path, old: str, new: str, count: int = 1) -> list[str]:
    text = path.read_text(encoding="utf-8")
    assert old in text, "the edit did not apply"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    with pytest.raises(ListsInvalid) as invalid:
        load_lists(path)
    return invalid.value.problems


def test_the_shipped_file_loads(lists_file: Path) -> None:
    assert len(load_lists(lists_file).all()) == 10


def test_a_list_whose_entries_arrive_as_no_catalog_item(lists_file: Path) -> None:
    problems = _problems(lists_file, "item: wage_arrears_dishonesty", "item: wage_arrears")
    assert any("wage_arrears_dishonesty" in p and "目录中没有该信息项" in p for p in problems)


def test_a_red_list_on_a_dishonesty_item(lists_file: Path) -> None:
    problems = _problems(lists_file, "item: tax_credit_a", "item: major_tax_violation")
    assert any("tax_credit_a" in p and "守信名单" in p and "dishonest" in p for p in problems)


def test_an_unknown_or_wrong_department(lists_file: Path) -> None:
    problems = _problems(lists_file, "departments: [RSJ]", "departments: [RSJ, LDJ, CZJ]")
    assert any("认定部门 LDJ 不在 departments.yaml 中" in p for p in problems)
    assert any("认定部门 CZJ 在目录中不报送信息项 wage_arrears_dishonesty" in p for p in problems)


def test_a_basis_without_an_article(lists_file: Path) -> None:
    problems = _problems(lists_file, "article: 第七十七条, confidence: GOOD}", "confidence: GOOD}")
    assert any("procurement_serious_violation 第 1 个法律依据" in p and "缺少文件或条款" in p for p in problems)


def test_overlapping_periods(lists_file: Path) -> None:
    problems = _problems(lists_file, "effective_to: 2022-01-31", "effective_to: 2022-03-31")
    assert any("major_tax_violation" in p and "生效期重叠" in p for p in problems)


def test_a_bad_period_and_kind_and_confidence(lists_file: Path) -> None:
    problems = _problems(lists_file, "decided_months: [12, 36]", "decided_months: [36, 12]")
    assert any("decided_months 应为 [最短, 最长]" in p for p in problems)
    problems = _problems(lists_file, "kind: focus", "kind: watch")
    assert any("focus_list 的类型 'watch' 未知" in p for p in problems)
    problems = _problems(lists_file, "confidence: SOLID\n    sources", "confidence: sure\n    sources")
    assert any("confidence 'sure' 无效" in p for p in problems)


def test_escalation_to_a_missing_list(lists_file: Path) -> None:
    problems = _problems(lists_file, "to: samr_serious_violation", "to: serious_violation")
    assert any("期满转入的名单 serious_violation 不存在" in p for p in problems)


def test_naming_responsible_persons_needs_a_basis(lists_file: Path) -> None:
    text = lists_file.read_text(encoding="utf-8")
    start = text.index("    responsible_persons_basis: {document: 《保障农民工工资支付条例》")
    end = text.index("\n", start) + 1
    lists_file.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ListsInvalid) as invalid:
        load_lists(lists_file)
    assert any("wage_arrears_dishonesty" in p and "没有给出依据" in p for p in invalid.value.problems)


def test_broken_yaml_names_the_line(lists_file: Path) -> None:
    problems = _problems(lists_file, "    kind: red\n", "    kind: [red\n")
    assert any("lists.yaml" in p and "不是有效的 YAML" in p for p in problems)
