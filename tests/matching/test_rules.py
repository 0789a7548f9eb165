"""The declared algorithms: broken declarations are refused, and the docs are generated from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xinyong.matching import RulesInvalid, get_rules, load_rules
from xinyong.matching.docs import describe
from xinyong.matching.rules import DATA

DOC = Path(__file__).parents[2] / "docs" / "matching.md"


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    target = tmp_path / "algorithms.yaml"
    shutil.copy(DATA, target)
    return target


def _problems(path: Path, old: str, new: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    assert old in text, "the edit did not apply"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesInvalid) as invalid:
        load_rules(path)
    return invalid.value.problems


def test_the_shipped_rules_load(rules_file: Path) -> None:
    rules = load_rules(rules_file)
    assert set(rules.algorithms) == {"organisation", "person"}
    assert rules.algorithms["person"].caps[0].max_score < rules.algorithms["person"].threshold


def test_an_unregistered_feature_is_refused(rules_file: Path) -> None:
    problems = _problems(rules_file, "{id: name_core_equal, weight: 0.9}", "{id: name_sounds_nice, weight: 0.9}")
    assert any("未注册的特征 name_sounds_nice" in p for p in problems)


def test_a_cap_at_or_above_the_threshold_is_refused(rules_file: Path) -> None:
    problems = _problems(rules_file, "max_score: 0.6", "max_score: 0.8")
    assert any("common_name_alone 的 max_score 0.8 不低于阈值 0.75" in p for p in problems)


def test_a_negative_feature_weight_belongs_in_qualifiers(rules_file: Path) -> None:
    problems = _problems(rules_file, "{id: birth_year_equal, weight: 0.3}", "{id: birth_year_equal, weight: -0.3}")
    assert any("birth_year_equal 的权重应为正数" in p for p in problems)


def test_a_threshold_out_of_range_is_refused(rules_file: Path) -> None:
    problems = _problems(rules_file, "threshold: 0.75", "threshold: 1.5")
    assert any("阈值 1.5 应在 0 到 1 之间" in p for p in problems)


def test_docs_carry_the_generated_description_of_the_rules() -> None:
    assert describe(get_rules()) in DOC.read_text(encoding="utf-8"), \
        "docs/matching.md is out of date: paste the output of `xinyong matching rules`"
