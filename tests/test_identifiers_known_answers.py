"""Known answers from the standards, and the rules a credit office relies on."""

from __future__ import annotations

from datetime import date

import pytest

from xinyong.errors import UserError
from xinyong.identifiers import (
    KIND_LABELS,
    VERDICT_LABELS,
    birth_date,
    check,
    check_citizen_id,
    check_org_code,
    check_registration_no,
    check_uscc,
    citizen_id_check_char,
    explain,
    gender,
    mask,
    normalize,
    org_code_check_char,
    region_code,
    registration_no_check_digit,
    to_18,
    uscc_check_char,
    uscc_prefix,
)
from xinyong.identifiers.checksums import USCC_VALUES, USCC_WEIGHTS

TODAY = date(2026, 11, 23)


def make_uscc(prefix: str, division: str, body8: str) -> str:
    first17 = prefix + division + body8 + org_code_check_char(body8)
    return first17 + uscc_check_char(first17)


def make_id(first17: str) -> str:
    return first17 + citizen_id_check_char(first17)


def test_gb32100_worked_example() -> None:
    first17 = "91350100M000100Y4"
    assert sum(USCC_VALUES[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=False)) == 1640
    assert uscc_check_char(first17) == "3"
    assert check_uscc("91350100M000100Y43").verdict == "valid"
    assert check_uscc("91350100M000100Y4A").reasons == ("checksum",)
    assert check_uscc("91350100M000100Y4Z").reasons == ("format",)  # Z is not in the 31-symbol set


def test_fifteen_digit_id_is_upgraded() -> None:
    result = check_citizen_id("110105491231002", today=TODAY)
    assert (result.verdict, result.normalized) == ("valid", "11010519491231002X")
    assert result.reasons == ("converted_from_15",)
    assert to_18("110105491231002") == "11010519491231002X"


def test_region_that_did_not_exist_in_the_birth_year_is_a_warning() -> None:
    result = check_citizen_id("500154199301135886", today=TODAY)
    assert (result.verdict, result.reasons) == ("warning", ("region_not_at_birth_year",))
    # The same 开州区 code for someone born after 2016 is fine.
    assert check_citizen_id(make_id("50015420170113588"), today=TODAY).verdict == "valid"


def test_reused_code_is_judged_by_the_birth_year() -> None:
    for first17 in ("12011019801201007", "12011019921201007", "36232419800101001", "36232419820101001"):
        assert check_citizen_id(make_id(first17), today=TODAY).verdict == "valid"
    abolished = check_citizen_id(make_id("36232420050101001"), today=TODAY)  # 362324 ends in 1999
    assert abolished.reasons == ("region_not_at_birth_year",)


def test_obsolete_and_unknown_prefixes_are_warnings() -> None:
    assert check_uscc(make_uscc("54", "440402", "MA000004")).reasons == ("prefix_obsolete",)
    assert check_uscc(make_uscc("55", "440402", "MA000004")).reasons == ("prefix_obsolete",)
    assert check_uscc(make_uscc("25", "440402", "MA000005")).reasons == ("prefix_unknown",)


@pytest.mark.parametrize(("prefix", "category", "kind"), [
    ("A1", "military_institution", "organisation"), ("N2", "rural_collective", "organisation"),
    ("Y1", "other", "organisation"), ("92", "individual_business", "individual_business"),
    ("52", "private_non_enterprise", "organisation"), ("12", "public_institution", "organisation"),
])
def test_prefixes_are_valid_with_their_category(prefix: str, category: str, kind: str) -> None:
    code = make_uscc(prefix, "440402", "MA1FL0LY")
    assert check_uscc(code).verdict == "valid"
    info = uscc_prefix(code)
    assert info is not None and (info.category, info.kind) == (category, kind)


def test_registering_authority_code() -> None:
    assert check_uscc(make_uscc("91", "100000", "71093123")).verdict == "valid"  # national authority
    assert check_uscc(make_uscc("91", "990000", "71093123")).verdict == "valid"  # special areas
    assert check_uscc(make_uscc("91", "110100", "71093123")).verdict == "valid"  # 北京市市辖区
    assert check_uscc(make_uscc("91", "362324", "71093123")).verdict == "valid"  # abolished 1999, still known
    assert check_uscc(make_uscc("91", "999999", "71093123")).reasons == ("division_unknown",)
    assert check_uscc(make_uscc("91", "11010A", "71093123")).reasons == ("format",)


def test_embedded_organisation_code_failure_is_a_warning() -> None:
    result = check_uscc("911101005JLR20JR60")
    assert (result.verdict, result.reasons) == ("warning", ("embedded_org_code_checksum",))


def test_real_code_failing_the_check_is_kept_only_when_listed() -> None:
    assert check_uscc("91350211M0000XUF46").reasons == ("checksum_known_exception",)
    assert check_uscc("91350211M0000XUF4R").verdict == "valid"  # its correct check character
    assert check_uscc("91350211M0000XUF47").reasons == ("checksum",)


def test_birth_date_rules() -> None:
    assert check_citizen_id(make_id("11010519001301001"), today=TODAY).reasons == ("birth_date_invalid",)
    assert check_citizen_id(make_id("11010520000229001"), today=TODAY).verdict == "valid"  # leap day
    not_leap = check_citizen_id("110105000229001", today=TODAY)  # 1900 was not a leap year
    assert not_leap.reasons == ("converted_from_15", "birth_date_invalid")
    assert check_citizen_id(make_id("11010520261123001"), today=TODAY).verdict == "valid"  # born today
    assert check_citizen_id(make_id("11010520261124001"), today=TODAY).reasons == ("birth_date_future",)
    assert check_citizen_id(make_id("11010520261124001"), today=date(2026, 11, 24)).verdict == "valid"
    assert check_citizen_id(make_id("11010518891231001"), today=TODAY).reasons == ("birth_date_too_early",)
    assert check_citizen_id(make_id("11010518900101001"), today=TODAY).verdict == "valid"


def test_residence_permits_and_unknown_regions() -> None:
    assert check_citizen_id("810000199408230021", today=TODAY).reasons == ("residence_permit",)
    assert check_citizen_id("830000199201300022", today=TODAY).verdict == "valid"
    assert check_citizen_id("990426199112010074", today=TODAY).reasons == ("region_unknown",)
    assert check_citizen_id(make_id("44030119950101001"), today=TODAY).verdict == "valid"  # 深圳市市辖区


def test_what_the_number_says() -> None:
    assert birth_date("11010519491231002X") == date(1949, 12, 31)
    assert gender("11010519491231002X") == "female"
    assert gender("110105195001010039") == "male"
    assert region_code("110105491231002") == "110105"
    assert mask("320830199001016833") == "3208**********6833"
    assert mask("12345678") == "********"
    with pytest.raises(UserError, match="不是15位或18位"):
        birth_date("1101051949")
    with pytest.raises(UserError, match="出生日期不是真实日期"):
        birth_date(make_id("11010519491331002"))


def test_a_check_never_shows_a_persons_number_in_its_repr() -> None:
    result = check_citizen_id("11010519491231002X", today=TODAY)
    assert "11010519491231002X" not in repr(result) and "1101**********002X" in repr(result)
    assert "91350100M000100Y43" in repr(check_uscc("91350100M000100Y43"))


def test_organisation_code() -> None:
    assert check_org_code("D2143569-X").normalized == "D2143569X"
    assert check_org_code("D2143569-X").verdict == "valid"
    assert check_org_code("D2143569-1").reasons == ("checksum",)
    assert check_org_code("D2143569-Y").reasons == ("format",)
    assert org_code_check_char("MA1FL0LY") == "9"
    assert org_code_check_char("00000000") == "0"  # 11 − 0 = 11 is written 0


def test_registration_number() -> None:
    assert registration_no_check_digit("11010800000001") == "6"
    assert check_registration_no("110108000000016").verdict == "valid"
    assert check_registration_no("110108000000017").reasons == ("checksum",)
    assert check_registration_no("11010800000001A").reasons == ("format",)
    unknown_authority = "99999900000001" + registration_no_check_digit("99999900000001")
    assert check_registration_no(unknown_authority).reasons == ("division_unknown",)


def test_generators_refuse_bad_input_in_chinese() -> None:
    cases = ((uscc_check_char, "9135"), (citizen_id_check_char, "1101051949123100A"),
             (org_code_check_char, "D214356"), (registration_no_check_digit, "1101080000000X"))
    for generator, text in cases:
        with pytest.raises(UserError, match="无法计算"):
            generator(text)


@pytest.mark.parametrize(("raw", "normalized"), [
    (" 9135 0100 M000 100Y 43 ", "91350100M000100Y43"),
    ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
    ("91350100\u3000M000100Y43", "91350100M000100Y43"),
    ("9135\u200b0100-M000–100Y—43", "91350100M000100Y43"),
    ("44011320141005001x", "44011320141005001X"),
    ("d2143569‐x", "D2143569X"),
])
def test_normalisation(raw: str, normalized: str) -> None:
    assert normalize(raw) == normalized
    assert check(raw, today=TODAY).verdict == "valid"


@pytest.mark.parametrize(("raw", "kind", "reasons"), [
    ("110105491231002", "citizen_id", ("converted_from_15", "also_valid_as_registration_no")),
    ("310115600985535", "registration_no", ("checksum", "not_valid_as_citizen_id")),
    ("110108000000016", "registration_no", ("not_valid_as_citizen_id",)),
    ("911522010783762860", "uscc", ("not_valid_as_citizen_id",)),
    ("911101080000000001", "uscc", ("checksum", "not_valid_as_citizen_id")),
    ("11010519491231002X", "citizen_id", ("not_valid_as_uscc",)),
    ("110105194912310021", "citizen_id", ("checksum", "not_valid_as_uscc")),
    ("91350100M000100Y43", "uscc", ()),
    ("D2143569X", "org_code", ()),
    ("12345", "unknown", ("length",)),
    (" - ", "unknown", ("empty",)),
])
def test_kind_inference(raw: str, kind: str, reasons: tuple[str, ...]) -> None:
    result = check(raw, today=TODAY)
    assert (result.kind, result.reasons) == (kind, reasons)


def test_code_valid_both_ways_is_taken_for_a_person() -> None:
    # 衡水市桃城区 131101, born 1996-01-01 — and a USCC of 机关 (prefix 13) registered in 延庆区 110119.
    code = "131101199601014663"
    assert check_uscc(code).verdict == check_citizen_id(code, today=TODAY).verdict == "valid"
    result = check(code, today=TODAY)
    assert (result.kind, result.reasons) == ("citizen_id", ("also_valid_as_uscc",))


def test_explicit_kind() -> None:
    assert check("110105491231002", "registration_no").kind == "registration_no"
    assert check("110105491231002", "citizen_id", today=TODAY).normalized == "11010519491231002X"
    with pytest.raises(UserError, match="未知的代码类型“passport”"):
        check("X", "passport")


def test_a_verdict_explains_itself_in_chinese() -> None:
    result = check_uscc("911101005JLR20JR60")
    assert result.explanations() == [("embedded_org_code_checksum", explain("embedded_org_code_checksum"))]
    assert "GB 11714" in result.explanations()[0][1]
    assert VERDICT_LABELS[result.verdict] == "有效，但需复核"
    assert KIND_LABELS[result.kind] == "统一社会信用代码"
    assert result.acceptable and not check_uscc("91350100M000100Y4A").acceptable
