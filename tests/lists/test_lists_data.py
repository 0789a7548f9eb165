"""The shipped lists: every list the issue names, with periods, exits and linkage as the rules set them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from xinyong.errors import UserError
from xinyong.lists import Confidence, ListKind, get_lists
from xinyong.platform import Platform

TODAY = date(2026, 11, 23)  # the day the tests live on (conftest.TEST_NOW)


def test_every_list_of_the_issue_is_there_with_its_kind() -> None:
    kinds = {c.id: c.kind for c in get_lists().all()}
    assert kinds == {
        "court_dishonest_debtor": ListKind.SERIOUS_DISHONESTY,
        "major_tax_violation": ListKind.SERIOUS_DISHONESTY,
        "procurement_serious_violation": ListKind.SERIOUS_DISHONESTY,
        "safety_serious_dishonesty": ListKind.SERIOUS_DISHONESTY,
        "wage_arrears_dishonesty": ListKind.SERIOUS_DISHONESTY,
        "samr_serious_violation": ListKind.SERIOUS_DISHONESTY,
        "focus_list": ListKind.FOCUS,
        "abnormal_operation": ListKind.ABNORMAL,
        "tax_credit_a": ListKind.RED,
        "customs_advanced_certified": ListKind.RED,
    }


def test_every_list_has_departments_criteria_and_articles() -> None:
    for credit_list in get_lists().all():
        assert credit_list.departments and credit_list.criteria, credit_list.id
        assert all(b.document.startswith("《") and b.article for b in credit_list.legal_basis), credit_list.id


def test_the_platform_carries_the_lists(platform: Platform) -> None:
    assert platform.lists.get("court_dishonest_debtor").name == "失信被执行人名单"


def test_a_dishonest_debtor_leaves_the_list_two_years_after_entry() -> None:
    court = get_lists().get("court_dishonest_debtor")
    entered = date(2024, 11, 23)
    assert court.exits_on(entered) == date(2026, 11, 23)
    assert court.is_listed(TODAY - timedelta(days=1), entered)
    assert not court.is_listed(TODAY, entered)


def test_the_court_may_extend_by_one_to_three_years_and_no_more() -> None:
    court = get_lists().get("court_dishonest_debtor")
    assert court.exits_on(date(2024, 1, 31), decided_months=60) == date(2029, 1, 31)
    with pytest.raises(UserError, match="72 个月不合规定：应为 36 至 60 个月"):
        court.exits_on(date(2024, 1, 31), decided_months=72)
    assert court.exits_on(date(2024, 1, 31), open_ended=True) is None


def test_a_procurement_ban_lasts_as_long_as_the_decision_says() -> None:
    procurement = get_lists().get("procurement_serious_violation")
    assert procurement.exits_on(date(2025, 3, 1), decided_months=24) == date(2027, 3, 1)
    with pytest.raises(UserError, match="由决定书确定（12 至 36 个月）"):
        procurement.exits_on(date(2025, 3, 1))
    with pytest.raises(UserError, match="不能不设期限"):
        procurement.exits_on(date(2025, 3, 1), open_ended=True)


def test_the_abnormal_operation_list_has_no_end_and_escalates_after_three_years() -> None:
    abnormal = get_lists().get("abnormal_operation")
    assert abnormal.exits_on(date(2020, 5, 6)) is None
    assert abnormal.is_listed(TODAY, date(2020, 5, 6))
    assert abnormal.escalation is not None
    assert (abnormal.escalation.to, abnormal.escalation.after_months) == ("samr_serious_violation", 36)


def test_a_list_cannot_have_entries_from_before_it_existed() -> None:
    safety = get_lists().get("safety_serious_dishonesty")
    with pytest.raises(UserError, match="自 2023-10-01 起设立"):
        safety.exits_on(date(2023, 9, 30))
    assert safety.exits_on(date(2023, 10, 1)) == date(2026, 10, 1)


def test_tax_list_period_follows_the_rule_in_force_at_entry() -> None:
    tax = get_lists().get("major_tax_violation")
    assert tax.period_on(date(2021, 6, 1)).legal.document.startswith("《重大税收违法失信案件信息公布办法》")
    assert tax.period_on(date(2022, 2, 1)).legal.document.startswith("《重大税收违法失信主体信息公布管理办法》")


def test_early_exit_on_repair_waits_for_the_minimum_period() -> None:
    samr = get_lists().get("samr_serious_violation")
    assert samr.early_exit_from("repair", date(2025, 2, 28)) == date(2026, 2, 28)
    entered, left = date(2025, 2, 28), date(2026, 3, 2)
    assert samr.is_listed(date(2026, 3, 1), entered, exited_on=left)
    assert not samr.is_listed(date(2026, 3, 2), entered, exited_on=left)


def test_wage_arrears_early_exit_counts_from_the_correction() -> None:
    wages = get_lists().get("wage_arrears_dishonesty")
    assert wages.early_exit_from("repair", date(2025, 1, 10), corrected_on=date(2025, 4, 1)) == date(2025, 10, 1)
    with pytest.raises(UserError, match="请给出纠正日期"):
        wages.early_exit_from("repair", date(2025, 1, 10))


def test_an_exit_the_list_does_not_allow_is_refused_with_the_allowed_ones() -> None:
    with pytest.raises(UserError, match="不能以“信用修复”提前移出（可用：认定部门决定）"):
        get_lists().get("tax_credit_a").early_exit("repair")


def test_which_listings_also_name_the_legal_representative() -> None:
    lists = get_lists()
    naming = {c.id for c in lists.all() if c.names_responsible_persons}
    assert {"court_dishonest_debtor", "wage_arrears_dishonesty", "safety_serious_dishonesty"} <= naming
    assert "procurement_serious_violation" not in naming
    assert lists.get("wage_arrears_dishonesty").responsible_persons_basis.article.startswith("第四十八条")


def test_unverified_facts_are_marked_weak() -> None:
    samr = get_lists().get("samr_serious_violation")
    assert samr.period_on(date(2025, 1, 1)).confidence is Confidence.WEAK
    assert get_lists().get("focus_list").confidence is Confidence.WEAK
    assert not get_lists().get("focus_list").public
