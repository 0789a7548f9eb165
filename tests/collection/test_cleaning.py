"""Cleaning: values as real exports write them, and the problems a reviewer must see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from xinyong.catalog import Catalog
from xinyong.collection.cleaning import CleanRow, RowCleaner
from xinyong.collection.normalise import BadValue, clean_amount, clean_date, clean_text
from xinyong.collection.readers import RawRow

ReadClean = Callable[[str, str], tuple[list[CleanRow], tuple[str, ...]]]
RECEIVED = date(2026, 11, 23)


@pytest.mark.parametrize("written", [
    "2021-03-05", "2021/3/5", "2021.3.5", "2021年3月5日", "20210305", "２０２１－０３－０５", " 2021-3-5 ",
    "2021-03-05 14:30:00", "2021/03/05 9:05", "2021-03-05T14:30:00", 20210305, 44260, 44260.0,
    datetime(2021, 3, 5, 14, 30), date(2021, 3, 5),
])
def test_dates_as_departments_write_them(written: Any) -> None:
    assert clean_date(written) == date(2021, 3, 5)


@pytest.mark.parametrize("written", ["2099-12-31", "2099/12/31", "长期", "长期有效", "永久"])
def test_long_term_is_2099_12_31(written: str) -> None:
    assert clean_date(written) == date(2099, 12, 31)


@pytest.mark.parametrize("written", ["2021-02-30", "2021-13-01", "三月五日", "2021-03", "12345"])
def test_impossible_or_unreadable_dates_are_bad(written: str) -> None:
    with pytest.raises(BadValue) as bad:
        clean_date(written)
    assert bad.value.reason == "bad_date"


@pytest.mark.parametrize(("written", "wan"), [
    ("1.5", "1.5"), ("15,000元", "1.5"), ("1.5万元", "1.5"), ("1.5万", "1.5"), ("￥15000.00元", "1.5"),
    ("１．５", "1.5"), (" 200 元", "0.02"), (3, "3"), (0.5, "0.5"), ("100", "100"), ("0.000001", "0.000001"),
])
def test_amounts_in_wan_yuan(written: Any, wan: str) -> None:
    amount = clean_amount(written)
    assert amount == Decimal(wan) and str(amount) == wan


@pytest.mark.parametrize("written", ["三万元", "-5", "1.5美元", "约2万"])
def test_bad_amounts(written: str) -> None:
    with pytest.raises(BadValue) as bad:
        clean_amount(written)
    assert bad.value.reason == "bad_amount"


def test_text_loses_stray_spaces_and_full_width_letters_but_keeps_chinese_punctuation() -> None:
    assert clean_text(" 珠海市华信电子\u3000科技（珠海）有限公司  ") == "珠海市华信电子 科技（珠海）有限公司"
    assert clean_text("ＡＢＣ公司１号，\u200b第二行 \r\n  第三行") == "ABC公司1号，第二行\n第三行"


def _cleaner(catalog: Catalog, item_id: str, *, legacy_v1: bool = False) -> RowCleaner:
    return RowCleaner(catalog, catalog.item(item_id), received_on=RECEIVED, legacy_v1=legacy_v1)


def _penalty(**values: Any) -> RawRow:
    base = {"CF_XDR_MC": "珠海市华信电子科技有限公司", "CF_XDR_LB": "法人及非法人组织",
            "CF_XDR_SHXYM": "91350100M000100Y43", "CF_FRDB": "张伟", "CF_WSH": "珠环罚〔2026〕1号",
            "CF_WFXW": "超标排放", "CF_SY": "经查……", "CF_YJ": "《大气污染防治法》第九十九条",
            "CF_CFLB": "罚款", "CF_NR": "罚款1万元", "CF_NR_FK": "1", "CF_JDRQ": "2026-10-09",
            "CF_CFJG": "珠海市生态环境局", "CF_CFJGDM": "11440400081945785C", "CF_SJLY": "珠海市生态环境局",
            "CF_SJLYDM": "11440400081945785C"}
    return RawRow(7, base | values)


def test_a_complete_penalty_is_clean(catalog: Catalog) -> None:
    row = _cleaner(catalog, "administrative_penalty").clean(_penalty())
    assert row.ok and row.problems == []
    assert row.values["CF_CFLB"] == ("03",) and row.values["CF_XDR_LB"] == "1"


@pytest.mark.parametrize(("written", "content", "codes"), [
    ("警告；罚款", "", ("01", "03")),
    ("警告、罚款", "", ("01", "03")),
    ("警告;罚款;警告", "", ("01", "03")),
    ("吊销营业执照", "", ("08",)),
    ("其他-责令改正", "", ("99",)),
    # The old list (双公示 v1.0/v2.0 era) mapped to the 2021 categories, by what 处罚内容 says.
    ("没收违法所得、没收非法财物", "没收违法所得2000元", ("04",)),
    ("暂扣或者吊销许可证、暂扣或者吊销执照", "吊销食品经营许可证", ("08",)),
    ("暂扣或者吊销许可证", "暂扣许可证三个月", ("06",)),
])
def test_penalty_categories_old_and_new(catalog: Catalog, written: str, content: str,
                                        codes: tuple[str, ...]) -> None:
    extra = {"CF_NR_ZKDX": "食品经营许可证 JY1440400"} if codes[0] in ("06", "08") else {}
    row = _cleaner(catalog, "administrative_penalty").clean(
        _penalty(CF_CFLB=written, CF_NR=content or "处罚", **extra))
    assert row.values["CF_CFLB"] == codes
    assert row.ok, row.messages()


def test_an_old_category_that_cannot_be_resolved_is_flagged_for_review(catalog: Catalog) -> None:
    row = _cleaner(catalog, "administrative_penalty").clean(
        _penalty(CF_CFLB="暂扣或者吊销执照", CF_NR="依法处理", CF_NR_ZKDX="营业执照"))
    assert row.values["CF_CFLB"] == ("06",)
    assert [p.reason for p in row.problems] == ["legacy_code_ambiguous"] and row.ok


def test_row_level_problems_name_field_and_value(catalog: Catalog) -> None:
    row = _cleaner(catalog, "administrative_penalty").clean(_penalty(
        CF_CFLB="罚款；责令整改", CF_NR_FK="", CF_JDRQ="2026-12-01", CF_XDR_SHXYM="", CF_WSH="号" * 129,
        CF_GSJZQ="2026-11-30"))
    reasons = {p.reason: p for p in row.problems}
    # 处罚类别 is reported once, as unknown — not a second time as missing.
    assert set(reasons) == {"unknown_code", "decided_after_received", "group_empty", "too_long", "date_order"}
    assert "“责令整改”不在代码表“处罚类别”中" in reasons["unknown_code"].message
    assert reasons["decided_after_received"].value == "2026-12-01"
    assert reasons["too_long"].field == "CF_WSH" and "超过 128 字" in reasons["too_long"].message
    assert not row.ok


def test_a_person_needs_an_id_number_but_no_organisation_code(catalog: Catalog) -> None:
    cleaner = _cleaner(catalog, "administrative_penalty")
    person = cleaner.clean(_penalty(CF_XDR_MC="赵某某", CF_XDR_LB="自然人", CF_XDR_SHXYM="", CF_FRDB=""))
    assert [(p.reason, p.field) for p in person.problems] == [
        ("required_missing", "CF_XDR_ZJLX"), ("required_missing", "CF_XDR_ZJHM")]
    fixed = cleaner.clean(_penalty(CF_XDR_MC="赵某某", CF_XDR_LB="个人", CF_XDR_SHXYM="", CF_FRDB="",
                                   CF_XDR_ZJLX="居民身份证", CF_XDR_ZJHM="11010519491231002x"))
    assert fixed.ok and fixed.values["CF_XDR_ZJHM"] == "11010519491231002X"


def test_id_numbers_never_appear_in_clear_in_raw_values_or_problems(catalog: Catalog) -> None:
    row = _cleaner(catalog, "administrative_penalty").clean(_penalty(
        CF_XDR_LB="自然人", CF_XDR_ZJLX="身份证", CF_XDR_ZJHM="11010519491231002X" + "9" * 50))
    assert row.raw["CF_XDR_ZJHM"].startswith("1101*") and "19491231" not in row.raw["CF_XDR_ZJHM"]
    assert all("19491231" not in (p.value or "") + p.message for p in row.problems)
    assert [p.reason for p in row.problems] == ["too_long"]


def test_a_row_is_stored_as_json_and_keeps_as_received_only_the_cells_cleaning_changed(catalog: Catalog) -> None:
    cleaner = _cleaner(catalog, "administrative_penalty")
    raw = _penalty(CF_JDRQ="2026年10月9日", CF_NR_FK="2万元", CF_WSH=" 珠环罚〔2026〕1号", BZ="无")
    for row in (cleaner.clean(raw), cleaner.clean(raw)):  # the second from the cleaner's memo
        assert row.stored["CF_JDRQ"] == "2026-10-09" and row.stored["CF_NR_FK"] == "2"
        assert row.stored["CF_CFLB"] == ["03"] and row.stored["CF_XDR_LB"] == "1" and row.stored["BZ"] is None
        assert row.received == {"CF_XDR_LB": "法人及非法人组织", "CF_CFLB": "罚款", "CF_NR_FK": "2万元",
                                "CF_JDRQ": "2026年10月9日", "CF_WSH": " 珠环罚〔2026〕1号", "BZ": "无"}
    inferred = cleaner.clean(_penalty(CF_XDR_LB=""))
    assert inferred.stored["CF_XDR_LB"] == "1" and inferred.received["CF_XDR_LB"] == ""
    person = cleaner.clean(_penalty(CF_XDR_MC="赵某某", CF_XDR_LB="2", CF_XDR_SHXYM="", CF_FRDB="",
                                    CF_XDR_ZJLX="身份证", CF_XDR_ZJHM="11010519491231002x"))
    assert person.stored["CF_XDR_ZJHM"] == "11010519491231002X"
    # Told apart masked, as a reader of the record sees them: the lower-case x is not a change.
    assert "CF_XDR_ZJHM" not in person.received and person.raw["CF_XDR_ZJHM"] == "1101**********002X"
    placeholder = cleaner.clean(_penalty(CF_XDR_MC="赵某某", CF_XDR_LB="2", CF_XDR_SHXYM="", CF_FRDB="",
                                         CF_XDR_ZJLX="身份证", CF_XDR_ZJHM="无"))
    assert placeholder.stored["CF_XDR_ZJHM"] is None and placeholder.received["CF_XDR_ZJHM"] == "*"


def test_placeholder_codes_and_null_words_mean_empty(catalog: Catalog) -> None:
    row = _cleaner(catalog, "administrative_penalty").clean(_penalty(
        CF_XDR_GSZC="无", CF_SJLYDM="00000000000000000X", BZ="/"))
    assert row.values["CF_XDR_GSZC"] is None and row.values["BZ"] is None
    assert [(p.reason, p.field) for p in row.problems] == [("required_missing", "CF_SJLYDM")]


def test_the_gbk_fixture_problems(read_clean: ReadClean) -> None:
    rows, _ = read_clean("penalty_gbk_title_row.csv", "administrative_penalty")
    by_number = {r.number: r for r in rows}
    assert by_number[3].values == by_number[6].values  # the duplicate arrives; the pipeline dedups
    revoked = by_number[7]
    assert revoked.values["CF_ZT"] == "2" and revoked.values["CF_CFLB"] == ("08",)
    assert {p.reason for p in by_number[9].problems} == {"bad_amount", "bad_date"}
    assert {p.reason for p in by_number[10].problems} == {"unknown_code", "decided_after_received"}
    assert by_number[8].values["CF_NR_FK"] == Decimal("0.02") and by_number[8].ok
