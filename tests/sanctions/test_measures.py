"""Which published measures apply — and that nothing unpublished can ever be returned."""

from __future__ import annotations

from datetime import date

import pytest

from xinyong.errors import NotFound, UserError
from xinyong.platform import Platform
from xinyong.sanctions import Effect, MeasureClass, Role, get_measures, measures_for

TODAY = date(2026, 11, 23)  # the day the tests live on (conftest.TEST_NOW)


def _ids(measures: list) -> list[str]:
    return [m.id for m in measures]


def test_every_measure_has_a_basis_down_to_the_article_and_a_known_class() -> None:
    measures = get_measures().measures()
    assert len(measures) >= 20
    classes = {m.measure_class for m in measures}
    assert classes == {MeasureClass.LEGAL, MeasureClass.MANAGEMENT, MeasureClass.MARKET, MeasureClass.INCENTIVE}
    for measure in measures:
        assert measure.legal_basis and all(b.article for b in measure.legal_basis), measure.id
        assert measure.scenarios and measure.targets, measure.id


def test_a_dishonest_debtor_is_kept_out_of_government_procurement(platform: Platform) -> None:
    found = platform.measures.measures_for(["court_dishonest_debtor"], "government_procurement", TODAY)
    assert _ids(found) == ["procurement_exclusion"]
    assert "《中华人民共和国政府采购法》第二十二条第一款第（五）项" in found[0].basis_text()


def test_a_subject_on_no_list_gets_no_measure() -> None:
    assert measures_for([], "government_procurement", TODAY) == []


def test_a_list_without_measures_in_a_scenario_gets_none() -> None:
    assert measures_for(["court_dishonest_debtor"], "public_services", TODAY) == []


def test_legal_representative_of_a_listed_firm_is_restricted_only_where_the_law_says() -> None:
    as_rep = measures_for(["court_dishonest_debtor"], "consumption", TODAY, role=Role.RESPONSIBLE_PERSON)
    assert _ids(as_rep) == ["high_consumption_ban"]
    assert measures_for(["court_dishonest_debtor"], "government_procurement", TODAY, role="responsible_person") == []


def test_red_list_subjects_get_their_incentives_after_any_restriction() -> None:
    found = measures_for(["tax_credit_a", "samr_serious_violation"], "licensing", TODAY)
    effects = [m.effect for m in found]
    assert effects == sorted(effects, key=lambda e: e is Effect.REWARD)
    assert {"green_channel", "tolerance_acceptance", "no_commitment_approval", "licensing_scrutiny"} <= set(_ids(found))


def test_measures_follow_the_edition_in_force_on_the_day() -> None:
    assert "director_disqualification" not in _ids(measures_for(["court_dishonest_debtor"], "office_holding",
                                                                date(2023, 6, 1)))
    assert "director_disqualification" in _ids(measures_for(["court_dishonest_debtor"], "office_holding", TODAY))
    assert get_measures().edition_on(TODAY).id == "2024"
    with pytest.raises(NotFound, match="尚无已公布的措施清单"):
        measures_for(["court_dishonest_debtor"], "government_procurement", date(2021, 6, 1))


def test_person_only_measures_do_not_reach_organisations() -> None:
    for_firm = measures_for(["wage_arrears_dishonesty"], "public_employment", TODAY, subject_kind="organisation")
    for_person = measures_for(["wage_arrears_dishonesty"], "public_employment", TODAY, subject_kind="person")
    assert _ids(for_firm) == [] and _ids(for_person) == ["civil_service_bar"]


@pytest.mark.parametrize("scenario", ["procurement", "government_procurement' OR '1'='1", "", "政府采购"])
def test_an_unknown_scenario_is_refused_naming_the_known_ones(scenario: str) -> None:
    with pytest.raises(UserError, match="不在措施清单中（可用：government_procurement（政府采购）"):
        measures_for(["court_dishonest_debtor"], scenario, TODAY)


@pytest.mark.parametrize("crafted", [["procurement_exclusion"], ["court_dishonest_debtor", "ban_everything"],
                                     ["*"], ["red"]])
def test_crafted_list_ids_are_refused(crafted: list[str]) -> None:
    with pytest.raises(NotFound, match="没有名单"):
        measures_for(crafted, "government_procurement", TODAY)


def test_answers_are_the_published_measures_themselves_never_copies() -> None:
    published = {id(m) for m in get_measures().measures()}
    every_list = [c.id for c in get_measures().lists.all()]
    for scenario in get_measures().scenarios():
        for role in Role:
            for measure in measures_for(every_list, scenario.code, TODAY, role=role):
                assert id(measure) in published


def test_a_measure_is_looked_up_by_id_only_from_the_published_list() -> None:
    assert get_measures().measure("green_channel").effect is Effect.REWARD
    with pytest.raises(NotFound, match="未经公布的措施不得实施"):
        get_measures().measure("blacklist_from_everything")


def test_a_bad_role_is_refused() -> None:
    with pytest.raises(UserError, match="适用角色“owner”无效"):
        measures_for(["court_dishonest_debtor"], "consumption", TODAY, role="owner")
