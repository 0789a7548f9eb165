"""People: full IDs by keyed hash, masked IDs position by position, and never a common name alone."""

from __future__ import annotations

from datetime import date

import pytest
from matching_support import LI_NA, ZHANG_WEI_1, Registered

from xinyong.errors import UserError
from xinyong.matching import Matcher, MatchQuery, load_rules
from xinyong.matching.rules import DATA
from xinyong.subjects.person_ids import PersonIdVault


def test_a_common_name_alone_is_never_a_confident_hit(registered: Registered) -> None:
    result = registered.match(name="张伟")
    assert len(result.candidates) == 3 and result.hits == []
    assert all(c.score <= 0.6 for c in result.candidates)
    caps = [e for c in result.candidates for e in c.evidence if e.feature == "common_name_alone"]
    assert len(caps) == 3 and "库中同名 3 人" in caps[0].detail


def test_a_masked_id_narrows_a_common_name_to_one_person(registered: Registered) -> None:
    result = registered.match(name="张伟", id_number="3208**********6833")
    assert registered.hit_keys(result) == {"zhang_wei_1"}
    best = result.best
    visible = next(e for e in best.evidence if e.feature == "id_visible_digits")
    assert visible.detail == "证件号码第1–4、15–18位与登记信息一致"
    assert (visible.query, visible.candidate) == ("3208**********6833", "3208**********6833")
    others = [c for c in result.candidates if c.subject_id != best.subject_id]
    assert all(not c.confident for c in others)


def test_the_issue_example_compares_birth_year_and_says_what_cannot_be_compared(registered: Registered) -> None:
    result = registered.match(name="张伟", id_number="3208191960****6833")
    assert registered.hit_keys(result) == {"zhang_wei_1"}
    visible = next(e for e in result.best.evidence if e.feature == "id_visible_digits")
    assert visible.detail == "证件号码第1–4、7–10、15–18位与登记信息一致；第5–6位库中不保存，未比对"


def test_a_masked_id_that_contradicts_rules_the_person_out(registered: Registered) -> None:
    result = registered.match(name="张伟", id_number="3208191961****6833")
    assert result.hits == []
    ruled_out = next(c for c in result.candidates if c.subject_id == registered.ids["zhang_wei_1"])
    conflict = next(e for e in ruled_out.evidence if e.feature == "id_conflict")
    assert ruled_out.score == 0 and conflict.detail == "证件号码第10位与登记信息不一致"


def test_a_full_id_finds_the_person_by_keyed_hash_even_in_pinyin(registered: Registered) -> None:
    result = registered.match(name="Zhang Wei", id_number=ZHANG_WEI_1)
    assert registered.hit_keys(result) == {"zhang_wei_1"}
    features = {e.feature: e for e in result.best.evidence}
    assert {"id_exact", "person_name_pinyin_equal"} <= set(features)
    assert features["id_exact"].query == "3208**********6833"  # the full number never comes back
    assert ZHANG_WEI_1 not in repr(result)


def test_a_full_id_of_someone_else_contradicts(registered: Registered) -> None:
    result = registered.match(name="李娜", id_number=ZHANG_WEI_1)
    assert registered.ids["li_na"] not in {c.subject_id for c in result.hits}
    li_na = next(c for c in result.candidates if c.subject_id == registered.ids["li_na"]) if any(
        c.subject_id == registered.ids["li_na"] for c in result.candidates) else None
    assert li_na is None or "id_conflict" in {e.feature for e in li_na.evidence}


def test_birth_date_corroborates_or_contradicts(registered: Registered) -> None:
    right = registered.match(name="李娜", birth_date=date(1990, 1, 1))
    wrong = registered.match(name="李娜", birth_date=date(1991, 1, 1))
    assert registered.hit_keys(right) == {"li_na"} and wrong.hits == [] and wrong.best.score == 0
    assert "birth_year_mismatch" in {e.feature for e in wrong.candidates[0].evidence}
    assert all("1990" not in (e.candidate or "") for e in wrong.candidates[0].evidence)


def test_a_bad_id_number_is_refused_without_echoing_it(registered: Registered) -> None:
    bad = LI_NA[:-1] + ("0" if LI_NA[-1] != "0" else "1")
    with pytest.raises(UserError) as error:
        registered.match(name="李娜", id_number=bad)
    assert "不是有效的公民身份号码" in error.value.message and bad not in error.value.message
    with pytest.raises(UserError, match="应为 18 位"):
        registered.match(name="李娜", id_number="4404**6")


def test_a_lower_threshold_cannot_let_a_common_name_through(registered: Registered) -> None:
    with pytest.raises(UserError, match="不能低于或等于规则 common_name_alone 的上限"):
        registered.matcher.match(MatchQuery(name="张伟"), registered.today, threshold=0.55)


def test_even_a_heavier_name_weight_keeps_a_common_name_below_the_threshold(registered: Registered,
                                                                             tmp_path) -> None:
    heavy = tmp_path / "algorithms.yaml"
    heavy.write_text(DATA.read_text(encoding="utf-8").replace("{id: person_name_equal, weight: 0.6}",
                                                              "{id: person_name_equal, weight: 1.0}"), "utf-8")
    matcher = Matcher(registered.index, load_rules(heavy), PersonIdVault(registered.platform.keys))
    result = matcher.match(MatchQuery(name="张伟"), registered.today)
    assert result.hits == [] and max(c.score for c in result.candidates) == 0.6


def test_a_batch_is_checked_whole_and_names_every_bad_query(registered: Registered) -> None:
    queries = [MatchQuery(name="珠海市华信电子科技有限公司"), MatchQuery(), MatchQuery(name="李娜", region="火星")]
    with pytest.raises(UserError) as error:
        registered.matcher.match_many(queries, registered.today)
    assert "第 2 个主体：应给出名称" in error.value.message and "第 3 个主体：地区“火星”" in error.value.message


def test_a_thousand_queries_in_one_batch(registered: Registered) -> None:
    queries = [MatchQuery(name="珠海市华信电子科技有限公司"), MatchQuery(name="张伟", id_number="3208**********6833")]
    results = registered.matcher.match_many(queries * 500, registered.today)
    assert len(results) == 1000
    assert {registered.hit_keys(r).pop() for r in results} == {"huaxin", "zhang_wei_1"}
