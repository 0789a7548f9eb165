"""Organisations by name and by code: 繁體, brackets, branch offices, look-alikes, qualifiers, evidence."""

from __future__ import annotations

from matching_support import Registered
from sqlalchemy import select

from xinyong.matching import MatchQuery
from xinyong.subjects.models import Subject


def _evidence(result, subject_id: int) -> dict:
    candidate = next(c for c in result.candidates if c.subject_id == subject_id)
    return {e.feature: e for e in candidate.evidence}


def test_traditional_characters_find_the_simplified_name(registered: Registered) -> None:
    result = registered.match(name="珠海市華信電子科技有限公司")
    assert registered.hit_keys(result) == {"huaxin"}
    evidence = _evidence(result, registered.ids["huaxin"])["name_core_equal"]
    assert evidence.query == "珠海市華信電子科技有限公司"
    assert evidence.candidate == "珠海市华信电子科技有限公司"
    assert "华信电子科技" in evidence.detail


def test_brackets_spaces_and_a_missing_legal_form_still_find_the_firm(registered: Registered) -> None:
    names = ("华信（珠海）电子科技有限公司", "华信(珠海)电子科技有限公司", "珠海华信电子科技",
             "珠海市 华信电子科技 有限公司")
    for name in names:
        assert registered.hit_keys(registered.match(name=name)) == {"huaxin"}, name


def test_a_branch_office_is_not_the_firm_it_belongs_to(registered: Registered) -> None:
    unregistered_branch = registered.match(name="珠海市华信电子科技有限公司香洲分公司")
    assert unregistered_branch.hits == []
    parent = _evidence(unregistered_branch, registered.ids["huaxin"])
    assert "branch_mismatch" in parent and "香洲分公司" in parent["branch_mismatch"].detail
    registered_branch = registered.match(name="珠海市华信电子科技有限公司（斗门分公司）")
    assert registered.hit_keys(registered_branch) == {"huaxin_branch"}


def test_the_firm_is_not_its_branch_either(registered: Registered) -> None:
    result = registered.match(name="珠海市华信电子科技有限公司")
    assert registered.ids["huaxin_branch"] not in {c.subject_id for c in result.hits}


def test_an_unlisted_look_alike_is_found_as_itself_not_as_the_similar_firm(registered: Registered) -> None:
    result = registered.match(name="珠海市华诚电子科技有限公司")
    assert registered.hit_keys(result) == {"huacheng"}
    near = next(c for c in result.candidates if c.subject_id == registered.ids["huaxin"])
    assert not near.confident and near.score < result.best.score


def test_a_firm_of_the_same_name_elsewhere_is_not_confident(registered: Registered) -> None:
    result = registered.match(name="广州市华信电子科技有限公司")
    assert registered.hit_keys(result) == {"guangzhou_huaxin"}
    zhuhai = _evidence(result, registered.ids["huaxin"])
    assert "name_place_conflict" in zhuhai


def test_a_typo_and_a_homophone_still_find_the_firm(registered: Registered) -> None:
    typo = registered.match(name="珠海市华信电子科枝有限公司")
    assert registered.hit_keys(typo) == {"huaxin"}
    assert "name_core_similar" in _evidence(typo, registered.ids["huaxin"])
    homophone = registered.match(name="珠海市华新电子科技有限公司")
    assert registered.hit_keys(homophone) == {"huaxin"}
    assert "name_core_pinyin_equal" in _evidence(homophone, registered.ids["huaxin"])


def test_region_raises_and_lowers_the_score(registered: Registered) -> None:
    plain = registered.match(name="华信电子科技有限公司").best
    here = registered.match(name="华信电子科技有限公司", region="珠海市")
    there = registered.match(name="华信电子科技有限公司", region="440106")
    assert plain.subject_id == registered.ids["huaxin"]
    assert _score(here, registered.ids["huaxin"]) > plain.score > _score(there, registered.ids["huaxin"])
    assert registered.hit_keys(there) == {"guangzhou_huaxin"}


def test_legal_representative_raises_and_lowers_the_score(registered: Registered) -> None:
    base = _score(registered.match(name="华信电子科技"), registered.ids["huaxin"])
    right = registered.match(name="华信电子科技", legal_rep="王建國")
    wrong = registered.match(name="华信电子科技", legal_rep="刘备")
    assert _score(right, registered.ids["huaxin"]) > base > _score(wrong, registered.ids["huaxin"])
    evidence = _evidence(right, registered.ids["huaxin"])["legal_rep_match"]
    assert (evidence.query, evidence.candidate) == ("王建國", "王建国")


def _score(result, subject_id: int) -> float:
    return next(c.score for c in result.candidates if c.subject_id == subject_id)


def test_a_code_however_written_finds_its_subject(registered: Registered) -> None:
    for code in ("91350100M000100Y43", "９１３５０１００Ｍ０００１００Ｙ４３", "91350100m000100y43"):
        result = registered.match(code=code)
        assert registered.hit_keys(result) == {"huaxin"}
        assert _evidence(result, registered.ids["huaxin"])["code_equal"].detail == "统一社会信用代码一致"


def test_an_old_code_finds_the_subject_and_says_so(registered: Registered) -> None:
    result = registered.match(code="440400000123451")
    assert registered.hit_keys(result) == {"huaxin"}
    assert "旧码" in _evidence(result, registered.ids["huaxin"])["code_equal"].detail


def test_a_code_with_another_subjects_name_is_flagged_not_confident(registered: Registered) -> None:
    result = registered.match(code="91350100M000100Y43", name="珠海市恒达物流有限公司")
    assert result.hits == [] or registered.hit_keys(result) == {"hengda"}
    evidence = _evidence(result, registered.ids["huaxin"])
    assert "code_name_disagree" in evidence and "错码或重码" in evidence["code_name_disagree"].detail


def test_a_former_name_finds_the_renamed_firm(registered: Registered) -> None:
    result = registered.match(name="珠海市恒通货运有限公司")
    assert registered.hit_keys(result) == {"hengda"}
    assert result.best.matched_name == "珠海市恒通货运有限公司" and result.best.name == "珠海市恒达物流有限公司"


def test_hits_a_department_cleared_are_left_out_and_reported(registered: Registered) -> None:
    cleared = frozenset({registered.ids["huaxin"]})
    result = registered.matcher.match(MatchQuery(name="珠海市华信电子科技有限公司", exclude=cleared), registered.today)
    assert registered.ids["huaxin"] not in {c.subject_id for c in result.candidates}
    assert result.excluded == (registered.ids["huaxin"],)


def test_an_individual_business_is_matched_as_an_organisation(registered: Registered) -> None:
    result = registered.match(name="張偉小吃店", kind="individual_business", region="香洲区")
    assert registered.hit_keys(result) == {"shop"}
    assert result.algorithm == "organisation"


def test_the_index_knows_when_the_table_changed(registered: Registered) -> None:
    platform = registered.platform
    with platform.db.session() as session:
        assert registered.index.is_current(session)
        session.execute(select(Subject).limit(1)).scalar_one().updated_at = platform.clock.now().replace(year=2027)
    with platform.db.session() as session:
        assert not registered.index.is_current(session)
