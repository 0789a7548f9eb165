"""Agreement with python-stdnum where it is right, and proof of each difference docs/identifiers.md claims."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError

from xinyong.identifiers import check_citizen_id, check_uscc, citizen_id_check_char, uscc_check_char
from xinyong.identifiers.checksums import USCC_ALPHABET

TODAY = date(2026, 11, 23)
DIGITS = "0123456789"

digits = st.text(alphabet=DIGITS, min_size=1, max_size=1)
code_chars = st.text(alphabet=USCC_ALPHABET, min_size=1, max_size=1)


@st.composite
def numeric_prefix_usccs(draw: st.DrawFn) -> str:
    """The USCCs stdnum can judge: digits in positions 1–8; check character right half the time."""
    first17 = draw(st.text(alphabet=DIGITS, min_size=8, max_size=8)) + draw(
        st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9))
    last = uscc.calc_check_digit(first17) if draw(st.booleans()) else draw(code_chars)
    return first17 + last


@st.composite
def citizen_ids(draw: st.DrawFn) -> str:
    first17 = draw(st.text(alphabet=DIGITS, min_size=17, max_size=17))
    last = ric.calc_check_digit(first17 + "0") if draw(st.booleans()) else draw(st.sampled_from(DIGITS + "X"))
    return first17 + last


@settings(max_examples=400, deadline=None)
@given(numeric_prefix_usccs())
def test_uscc_checksum_verdicts_agree_with_stdnum(code: str) -> None:
    ours = check_uscc(code)
    assert uscc.is_valid(code) == ("checksum" not in ours.reasons)
    assert uscc.calc_check_digit(code[:17]) == uscc_check_char(code[:17])


@settings(max_examples=400, deadline=None)
@given(citizen_ids())
def test_citizen_id_checksum_and_date_verdicts_agree_with_stdnum(code: str) -> None:
    ours = check_citizen_id(code, today=TODAY)
    assert ric.calc_check_digit(code) == citizen_id_check_char(code[:17])
    try:
        ric.validate(code)
        stdnum_says = "valid"
    except InvalidChecksum:
        stdnum_says = "checksum"
    except InvalidComponent:
        try:
            ric.get_birth_date(code)
            stdnum_says = "region"
        except ValidationError:
            stdnum_says = "date"
    except KeyError:  # stdnum's own crash on some codes, see test_stdnum_ric_crashes_on_some_codes
        stdnum_says = "region"
    assert ("checksum" in ours.reasons) == (stdnum_says == "checksum")
    if stdnum_says == "date":
        assert "birth_date_invalid" in ours.reasons
    if stdnum_says == "valid":
        assert {"birth_date_invalid", "checksum", "format"}.isdisjoint(ours.reasons)


@pytest.mark.parametrize("code", ["A1110000MA00000151", "N2440402MA0000023E", "Y1110000MA00000312"])
def test_stdnum_rejects_valid_letter_prefixed_usccs(code: str) -> None:
    assert not uscc.is_valid(code)
    assert check_uscc(code).verdict == "valid"


@pytest.mark.parametrize(("code", "reason"), [
    ("911101005JLR20JR60", "embedded_org_code_checksum"),
    ("54440402MA000004XC", "prefix_obsolete"),
    ("25440402MA0000058C", "prefix_unknown"),
    ("91999999MA0000066C", "division_unknown"),
])
def test_stdnum_accepts_what_we_flag_for_review(code: str, reason: str) -> None:
    assert uscc.is_valid(code)
    assert check_uscc(code).reasons == (reason,)


@pytest.mark.parametrize(("code", "reason"), [
    ("110105185001010013", "birth_date_too_early"),
    ("11010520300101001X", "birth_date_future"),
])
def test_stdnum_has_no_bounds_on_the_birth_date(code: str, reason: str) -> None:
    assert ric.is_valid(code)
    assert check_citizen_id(code, today=TODAY).reasons == (reason,)


def test_stdnum_rejects_residence_permits_of_people_born_before_2000() -> None:
    assert not ric.is_valid("810000199408230021")
    assert check_citizen_id("810000199408230021", today=TODAY).verdict == "valid"


@pytest.mark.parametrize(("code", "ours"), [
    ("110228201501010017", "warning"),  # 密云县: stdnum keeps it in 2015, the MCA tables end in 2014
    ("210804198501010018", "valid"),  # 鲅鱼圈区: in the 1985 MCA table, not in stdnum's for 1985
    ("410105195309113107", "valid"),  # 金水区 before the first MCA table: stdnum dates it later
])
def test_region_tables_differ(code: str, ours: str) -> None:
    assert ric.is_valid(code) == (ours != "valid")
    assert check_citizen_id(code, today=TODAY).verdict == ours


def test_stdnum_ric_crashes_on_some_codes() -> None:
    with pytest.raises(KeyError):
        ric.is_valid("352821197302191420")  # 明溪县 1980–1981, missing from stdnum's table
    # Born 1973, before the first table: judged against 1980's, in which 明溪县 exists.
    assert check_citizen_id("352821197302191420", today=TODAY).verdict == "valid"
