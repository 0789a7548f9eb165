"""Department exports as they really come: encodings, title rows, Excel, JSON, legacy headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xinyong.catalog import Catalog
from xinyong.collection.cleaning import CleanRow
from xinyong.collection.readers import open_source, records_source
from xinyong.errors import UserError

ReadClean = Callable[[str, str], tuple[list[CleanRow], tuple[str, ...]]]


def test_gbk_csv_with_title_row_keeps_spreadsheet_row_numbers(catalog: Catalog, fixtures: Path) -> None:
    item = catalog.item("administrative_penalty")
    with open_source(fixtures / "penalty_gbk_title_row.csv", item) as source:
        assert source.encoding == "gb18030"
        assert source.header.row_number == 2 and source.header.unknown == ()
        rows = list(source.rows())
    # Title on row 1, header on row 2, eight records on rows 3–10, two blank trailing rows skipped.
    assert [r.number for r in rows] == list(range(3, 11))
    assert rows[0].values["CF_XDR_MC"] == "珠海市华信电子科技有限公司"


def test_gb18030_keeps_a_rare_character_in_the_name(read_clean: ReadClean) -> None:
    rows, _ = read_clean("penalty_gb18030_rare.csv", "administrative_penalty")
    assert rows[0].values["CF_XDR_MC"] == "珠海市𠮷祥餐饮管理有限公司"
    assert rows[0].ok


def test_utf8_bom_with_field_codes_as_headers(read_clean: ReadClean) -> None:
    rows, _ = read_clean("permit_utf8_bom.csv", "administrative_permit")
    assert [r.number for r in rows] == [2, 3]
    first, second = rows
    assert first.values["XK_JDRQ"] == date(2021, 3, 5) and first.values["XK_YXQZ"] == date(2021, 3, 5)
    assert first.values["XK_YXQZI"] == date(2099, 12, 31)
    assert second.values["XK_YXQZI"] == date(2099, 12, 31)  # 长期
    assert second.values["XK_XKLB"] == "9" and second.values["XK_FRDB"] == "李娜"
    assert all(r.ok for r in rows)


def test_xlsx_below_two_title_rows_with_mixed_dates_and_full_width_codes(read_clean: ReadClean) -> None:
    rows, unknown = read_clean("penalty_mixed.xlsx", "administrative_penalty")
    assert unknown == ()
    assert [r.number for r in rows] == list(range(4, 11))  # blank formatted rows at the end skipped
    assert [r.values["CF_JDRQ"] for r in rows[:5]] == [
        date(2026, 9, 29), date(2026, 10, 8), date(2026, 10, 7), date(2026, 10, 9), date(2026, 10, 10)]
    full_width = rows[5]
    assert full_width.values["CF_XDR_SHXYM"] == "91110000600037341L"
    assert full_width.values["CF_NR_FK"] == Decimal("1.5")
    assert full_width.values["CF_CFLB"] == ("03", "04")
    lost = rows[6]
    assert [p.reason for p in lost.problems] == ["identifier_lost_precision", "group_empty"]
    assert "第 10 行" in lost.messages()[0] and "统一社会信用代码" in lost.messages()[0]


def test_xls_with_v1_names_maps_columns_and_status_codes(read_clean: ReadClean) -> None:
    rows, unknown = read_clean("permit_legacy_v1.xls", "administrative_permit")
    assert unknown == ("DFBM",)
    assert [r.number for r in rows] == [2, 3]
    first, second = rows
    assert first.values["XK_XDR_MC"] == "珠海市华信电子科技有限公司"
    assert first.values["XK_XDR_ZZJG"] == "M000100Y4" and first.values["XK_XKLB"] == "4"
    assert first.values["XK_YXQZI"] == date(2099, 12, 31)
    # v1.0 XK_ZT: 0 正常 → 1 有效, 1 撤销 → 2 无效.
    assert (first.values["XK_ZT"], second.values["XK_ZT"]) == ("1", "2")
    assert first.values["XK_XDR_LB"] == "1" and [p.reason for p in first.problems] == ["kind_inferred"]
    assert first.ok


def test_json_file_with_codes_in_one_record_and_labels_in_another(read_clean: ReadClean) -> None:
    rows, unknown = read_clean("commitments.json", "credit_commitment")
    assert unknown == ("联系人",)
    assert [r.values["CNLX"] for r in rows] == ["1", "4"]
    assert rows[1].values["CNRQ"] == date(2026, 10, 10) and all(r.ok for r in rows)


def test_pushed_json_array_and_multi_valued_lists(catalog: Catalog) -> None:
    item = catalog.item("administrative_penalty")
    record = {f.code: "x" for f in item.fields if f.required} | {"CF_XDR_SHXYM": "91350100M000100Y43"}
    source = records_source([record | {"CF_CFLB": ["警告", "罚款"]}, {}, record], item)
    rows = list(source.rows())
    assert [r.number for r in rows] == [1, 3]  # the empty object carries nothing to lose
    assert rows[0].values["CF_CFLB"] == "警告;罚款"
    with pytest.raises(UserError, match="第 2 条记录不是对象"):
        records_source([record, "乙"], item)
    with pytest.raises(UserError, match="缺少“行政处罚信息”的必填列：“行政处罚决定书文号”"):
        records_source([{"CF_XDR_MC": "甲"}], item)


@pytest.mark.parametrize(("filename", "expected"), [
    ("garbage.csv", "garbage.csv”含有二进制内容"),
    ("truncated.xlsx", "truncated.xlsx”不是可读取的 Excel 文件"),
    ("penalty_missing_columns.csv",
     "缺少“行政处罚信息”的必填列：“处罚决定日期”（CF_JDRQ）、“处罚机关”（CF_CFJG）"),
])
def test_bad_files_are_refused_naming_file_and_what_is_wrong(catalog: Catalog, fixtures: Path, filename: str,
                                                             expected: str) -> None:
    with pytest.raises(UserError) as refused:
        open_source(fixtures / filename, catalog.item("administrative_penalty"))
    assert expected in refused.value.message


def test_undecodable_text_and_missing_header_are_refused(catalog: Catalog, tmp_path: Path) -> None:
    item = catalog.item("administrative_penalty")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Café,Zoë\nà,é\n".encode("latin-1"))
    with pytest.raises(UserError, match=r"latin\.csv”的编码无法识别"):
        open_source(latin, item)
    no_header = tmp_path / "no_header.csv"
    no_header.write_text("甲,乙,丙\n1,2,3\n", encoding="utf-8")
    with pytest.raises(UserError, match="找不到“行政处罚信息”的表头"):
        open_source(no_header, item)


def test_two_columns_for_one_field_are_refused(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("CF_WSH,行政处罚决定书文号,CF_XDR_MC\n", encoding="utf-8")
    with pytest.raises(UserError, match="第 1 列“CF_WSH”和第 2 列“行政处罚决定书文号”都对应字段"):
        open_source(path, catalog.item("administrative_penalty"))


def test_a_utf8_file_broken_after_the_sample_names_the_row(catalog: Catalog, tmp_path: Path) -> None:
    item = catalog.item("voluntary_information")
    header = "主体名称,统一社会信用代码,信息类型,信息内容,提供日期\n"
    good = "珠海市华信电子科技有限公司,91350100M000100Y43,荣誉,获评诚信示范企业,2026-10-09\n" * 5000
    path = tmp_path / "mixed.csv"
    path.write_bytes((header + good).encode("utf-8") + "坏行,,,,\n".encode("gbk"))
    with open_source(path, item) as source, pytest.raises(UserError) as refused:
        list(source.rows())
    assert "第 5002 行有无法按 utf-8 解码的字节" in refused.value.message
