"""Organisation names taken apart, place names read from GB/T 2260, person names folded."""

from __future__ import annotations

import pytest

from xinyong.matching.names import looks_like_person, parse_org_name, person_key, person_pinyin_keys
from xinyong.matching.places import places_agree, region_codes


@pytest.mark.parametrize(("name", "core", "places", "form", "branch"), [
    ("广东省珠海市華信電子科技有限公司（香洲分公司）", "华信电子科技", ("440000", "440400"), "llc", "香洲分公司"),
    ("珠海市华信电子科技有限公司斗门分公司", "华信电子科技", ("440400",), "llc", "斗门分公司"),
    ("华信【珠海】电子科技股份有限公司", "华信电子科技", ("440400",), "jsc", None),
    ("珠海华信投资合伙企业（有限合伙）", "华信投资", ("440400",), "partnership", None),
    ("香洲区张伟小吃店", "张伟小吃店", ("440402",), None, None),
    ("华信便利店香洲分店", "华信便利店", (), None, "香洲分店"),
])
def test_an_organisation_name_is_read_into_its_parts(name: str, core: str, places: tuple, form: str | None,
                                                     branch: str | None) -> None:
    parsed = parse_org_name(name)
    assert (parsed.core, parsed.places, parsed.legal_form, parsed.branch) == (core, places, form, branch)


@pytest.mark.parametrize(("name", "core"), [
    ("中山大学", "中山大学"),  # a short place form is kept when too little would remain
    ("中国银行珠海分行", "中国银行"),  # 中国 at the start is part of the name
    ("珠海市永安物业管理有限公司", "永安物业管理"),  # 永安 (a county-level city) stays a trade name
    ("珠海市香洲区前山街道办事处", "前山街道办事处"),  # a street office is not a branch of anything
])
def test_words_that_look_like_places_or_branches_stay_in_the_name(name: str, core: str) -> None:
    assert parse_org_name(name).core == core


def test_places_agree_at_their_most_specific() -> None:
    assert places_agree(("440400", "440402"), ("440400",))
    assert not places_agree(("440400", "440404"), ("440400", "440403"))
    assert not places_agree(("440100",), ("440400",))


def test_regions_by_code_or_name() -> None:
    assert region_codes("440402") == region_codes("香洲区") == region_codes("香洲") == ("440402",)
    assert region_codes("珠海") == ("440400",)
    assert region_codes("990101") == () and region_codes("火星") == ()


def test_person_names_fold_to_characters_and_pinyin() -> None:
    assert person_key("張 偉") == person_key("张伟") == "张伟"
    assert person_pinyin_keys("Wei Zhang") >= {"zhangwei"}
    assert person_pinyin_keys("张伟") == {"zhangwei"}
    assert [looks_like_person(n) for n in ("张伟", "欧阳龑", "Zhang Wei", "华信电子科技有限公司", "王记店")] == \
        [True, True, True, False, False]
