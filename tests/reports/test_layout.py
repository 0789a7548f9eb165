"""The report layout is data: checked against the catalog when the platform starts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from xinyong.catalog import get_catalog
from xinyong.errors import UserError
from xinyong.reports.layout import DATA, load_layouts


def _write(tmp_path: Path, change) -> Path:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    change(document["layouts"][0])
    path = tmp_path / "layout.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_layout_maps_every_category_in_the_standards_order() -> None:
    layout = load_layouts(get_catalog()).on(date(2026, 11, 23))
    assert layout.report_version == "V2.0" and layout.empty_text == "查询期内无相关信息"
    assert [s.title for s in layout.sections][:2] == ["基础信息", "行政管理信息"]
    assert [s.title for s in layout.sections][-2:] == ["信用状况提升建议", "公共信用信息地方补充内容"]
    mapped = sorted(code for s in layout.sections for code in s.categories)
    assert mapped == sorted(c.code for c in get_catalog().categories())
    with pytest.raises(UserError, match="没有生效的报告格式"):
        load_layouts(get_catalog()).on(date(2020, 1, 1))


@pytest.mark.parametrize(("change", "message"), [
    (lambda layout: layout["sections"].pop(7), "02 没有归入任何章节"),
    (lambda layout: layout["sections"][1]["categories"].append("01"), "不在目录中或已归入"),
    (lambda layout: layout["tags"][0].update(categories=["99"]), "categories 须列出目录中的信息类别"),
    (lambda layout: layout["advice"]["rules"][2].update(item_class="bad"), "item_class"),
    (lambda layout: layout.pop("standard"), "缺少必需的字段"),
])
def test_a_broken_layout_stops_the_start_with_the_reason(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(UserError, match=message):
        load_layouts(get_catalog(), _write(tmp_path, change))
