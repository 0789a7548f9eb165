"""A broken measures list stops the platform at start, naming every problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xinyong.sanctions import MeasuresInvalid, load_measures
from xinyong.sanctions.measures import DATA


@pytest.fixture
def measures_file(tmp_path: Path) -> Path:
    target = tmp_path / "measures.yaml"
    shutil.copy(DATA, target)
    return target


def _problems(path: Path, old: str, new: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    assert old in text, "the edit did not apply"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(MeasuresInvalid) as invalid:
        load_measures(path)
    return invalid.value.problems


def test_the_shipped_file_loads(measures_file: Path) -> None:
    assert load_measures(measures_file).version == "2024.1"


def test_a_measure_targeting_a_list_that_does_not_exist(measures_file: Path) -> None:
    problems = _problems(measures_file, "targets: {lists: [court_dishonest_debtor]}",
                         "targets: {lists: [court_dishonest_debtors]}")
    assert any("措施 tendering_restriction 的对象名单 court_dishonest_debtors 不存在" in p for p in problems)


def test_a_measure_in_an_unknown_scenario(measures_file: Path) -> None:
    problems = _problems(measures_file, "scenarios: [tendering]", "scenarios: [tendering, lottery]")
    assert any("tendering_restriction 的应用场景 lottery 不存在" in p for p in problems)


def test_a_measure_without_legal_basis(measures_file: Path) -> None:
    problems = _problems(
        measures_file,
        "    legal_basis:\n      - {document: 《关于在招标投标活动中对失信被执行人实施联合惩戒的通知》"
        "（法〔2016〕285号）, article: 第二条, confidence: WEAK}\n",
        "",
    )
    assert any("tendering_restriction 没有法律依据" in p for p in problems)


def test_a_restriction_aimed_at_a_red_list(measures_file: Path) -> None:
    problems = _problems(measures_file, "targets: {lists: [samr_serious_violation]}",
                         "targets: {lists: [samr_serious_violation, tax_credit_a]}")
    assert any("key_supervision 是惩戒措施，却指向守信名单 tax_credit_a" in p for p in problems)


def test_responsible_persons_only_where_the_list_names_them(measures_file: Path) -> None:
    problems = _problems(
        measures_file,
        "targets: {lists: [court_dishonest_debtor, major_tax_violation, procurement_serious_violation]}\n"
        "    scenarios: [government_procurement]\n    applies_to: [subject]",
        "targets: {lists: [procurement_serious_violation]}\n"
        "    scenarios: [government_procurement]\n    applies_to: [subject, responsible_person]",
    )
    assert any("procurement_exclusion 适用于责任人，但所指名单均不记录法定代表人" in p for p in problems)


def test_unknown_department_edition_and_overlap(measures_file: Path) -> None:
    problems = _problems(measures_file, "departments: [GBHG]", "departments: [HGJ]")
    assert any("customs_facilitation 的实施部门 HGJ 不在 departments.yaml 中" in p for p in problems)
    problems = _problems(measures_file, 'editions: ["2024"]', 'editions: ["2025"]')
    assert any("director_disqualification 所属版本 2025 不存在" in p for p in problems)
    problems = _problems(measures_file, "effective_to: 2022-12-31", "effective_to: 2023-01-31")
    assert any("版本 2022 与 2023 的生效期重叠" in p for p in problems)


def test_class_and_effect_must_agree(measures_file: Path) -> None:
    problems = _problems(measures_file, "class: incentive\n    effect: reward\n    content: 评先评优",
                         "class: \"2\"\n    effect: reward\n    content: 评先评优")
    assert any("honours_priority：激励措施的 class 应为 incentive" in p for p in problems)
