"""The scoring rules with known answers: deductions with recency decay and caps, bonuses, range and
category scores, dimensions held within their bounds, explanations that add up, two models compared."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from xinyong.evaluation.engine import Fact, Scorer, SubjectFacts, explained_total
from xinyong.evaluation.loader import MODELS, ModelsInvalid, get_models, load_models

AS_OF = date(2026, 11, 23)


def fact(rid: int, item: str, decided: str, severity: str | None = None, **values: str) -> Fact:
    return Fact(rid, item, date.fromisoformat(decided).toordinal(), severity, values)


def subject(*facts: Fact, registered: str | None = "2020-01-01") -> SubjectFacts:
    return SubjectFacts(1, date.fromisoformat(registered).toordinal() if registered else None, facts)


def points(explanation: dict, code: str) -> float:
    return next(i["points"] for d in explanation["dimensions"] for i in d["indicators"] if i["code"] == code)


def test_a_subject_without_records_gets_the_bases_and_its_age() -> None:
    graded = Scorer(get_models().get("gz2023"), AS_OF).score(subject())
    # 35 + 20 + 0 + 10 + 10, and +1 for 3–10 years since registration (2020-01-01 → 6.9 years).
    assert (graded.score, graded.grade, graded.level) == (76, "B", "BBB")
    assert explained_total(graded.explanation) == graded.score


def test_deductions_decay_with_age_and_stop_at_their_cap() -> None:
    scorer = Scorer(get_models().get("gz2023"), AS_OF)
    graded = scorer.score(subject(
        fact(1, "administrative_penalty", "2026-06-01", "general"),   # within 12 months: 3 × 1
        fact(2, "administrative_penalty", "2025-06-01", "serious"),   # within 24 months: 10 × 0.5
        fact(3, "administrative_penalty", "2024-01-02", "serious"),   # within 36 months: 10 × 0.25
        fact(4, "administrative_penalty", "2023-01-01", "serious"),   # older than 36 months: nothing
        fact(5, "administrative_penalty", "2026-10-01", "minor"),     # 轻微: no points
        fact(6, "administrative_penalty", "2026-12-01", "serious"),   # decided after the evaluation day
    ))
    assert points(graded.explanation, "law.enforcement") == -10.5
    law = graded.explanation["dimensions"][0]["indicators"][0]
    assert law["evidence"] == [[1, -3.0], [2, -5.0], [3, -2.5]]
    many = scorer.score(subject(*(fact(i, "abnormal_operation", "2026-09-01") for i in range(1, 4))))
    detail = next(i for d in many.explanation["dimensions"] for i in d["indicators"] if i["code"] == "risk.abnormal")
    assert detail["points"] == -12 and "封顶 12 分" in detail["detail"] and len(detail["evidence"]) == 3


def test_bonus_range_and_category_scores() -> None:
    graded = Scorer(get_models().get("gz2023"), AS_OF).score(subject(
        fact(1, "tax_credit_a", "2026-04-21", XYJB="A"),
        fact(2, "customs_advanced_certified", "2024-05-01"),
        fact(3, "customs_advanced_certified", "2025-05-01"),
        *(fact(10 + i, "administrative_permit", "2025-01-0" + str(i + 1)) for i in range(3)),
        fact(20, "enterprise_risk_class", "2026-09-30", FLJG="A"),
        fact(21, "enterprise_risk_class", "2026-10-31", FLJG="D"),
        fact(30, "credit_commitment", "2026-03-01", LYZT="3"),
        fact(31, "credit_commitment", "2026-04-01", LYZT="1"),
    ))
    e = graded.explanation
    assert points(e, "honours.tax") == 6 and points(e, "honours.customs") == 5 and points(e, "honours.permits") == 4
    assert points(e, "risk.class") == -10, "the latest class counts"
    assert points(e, "contract.commitment") == -5 and points(e, "social.commitment") == 1
    # 35 + (20 - 5) + 15 + (10 + 1) + (10 - 10 + 1)
    assert graded.score == 77 and explained_total(e) == graded.score


def test_a_dimension_is_held_at_zero_and_the_explanation_shows_the_adjustment() -> None:
    graded = Scorer(get_models().get("gz2023"), AS_OF).score(subject(
        fact(1, "enterprise_risk_class", "2026-10-31", FLJG="D"),
        *(fact(10 + i, "abnormal_operation", "2026-08-01") for i in range(3)),
        registered="2026-06-01"))
    risk = graded.explanation["dimensions"][4]
    assert [i["points"] for i in risk["indicators"]] == [-10, -12, -2]
    assert (risk["score"], risk["adjustment"]) == (0, 14)
    assert graded.score == 65 and explained_total(graded.explanation) == 65


def test_two_models_grade_the_same_subject_differently() -> None:
    debtor = subject(fact(1, "court_dishonest_debtor", "2025-02-01", "serious"),
                     fact(2, "enterprise_risk_class", "2026-10-31", FLJG="B"))
    official = Scorer(get_models().get("gz2023"), AS_OF).score(debtor)
    trial = Scorer(get_models().get("gbt45255_trial"), AS_OF).score(debtor)
    # gz2023: 15 × 0.5 (12–24 months) = 7.5 off law → 68.5, B. Trial: 30 off (36-month memory) → 55, C.
    assert (official.score, official.grade) == (68.5, "B")
    assert (trial.score, trial.grade) == (55, "C")


def test_the_official_model_in_force_is_chosen_by_date() -> None:
    models = get_models()
    assert models.official_on(AS_OF).id == "gz2023"
    with pytest.raises(Exception, match="没有生效的正式评价模型"):
        models.official_on(date(2022, 1, 1))


def test_a_broken_model_is_refused_with_every_problem_named(tmp_path: Path) -> None:
    text = (MODELS / "gz2023.yaml").read_text("utf-8")
    broken = (text.replace("items: [court_dishonest_debtor]", "items: [no_such_item]")
              .replace("{grade: C, min: 50, label: 信用一般}", "{grade: C, min: 70, label: 信用一般}")
              .replace("field: FLJG", "field: NOPE"))
    (tmp_path / "gz2023.yaml").write_text(broken, "utf-8")
    (tmp_path / "gz2023b.yaml").write_text(text.replace("id: gz2023", "id: gz2023b"), "utf-8")
    with pytest.raises(ModelsInvalid) as refused:
        load_models(tmp_path)
    message = refused.value.message
    assert "no_such_item 不在信用信息目录中" in message
    assert "由高到低" in message and "NOPE" in message
    assert "生效期重叠" in message
