"""The catalog as shipped: complete, consistent, and answering the questions other domains ask."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from xinyong.catalog import Catalog, get_catalog
from xinyong.catalog.model import Severity
from xinyong.errors import NotFound, UserError


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return get_catalog()


def test_every_one_of_the_11_categories_holds_an_item_with_fields(catalog: Catalog) -> None:
    assert [c.code for c in catalog.categories()] == [f"{n:02d}" for n in range(1, 12)]
    for category in catalog.categories():
        items = [i for i in catalog.items() if i.category == category.code]
        assert items and all(len(i.fields) >= 4 for i in items), category.name
    for wanted in ("court_dishonest_debtor", "abnormal_operation", "credit_commitment", "tax_credit_a"):
        assert catalog.item(wanted).fields


def test_shuang_gong_shi_items_carry_the_v2_fields_and_the_7_working_day_deadline(catalog: Catalog) -> None:
    penalty, permit = catalog.item("administrative_penalty"), catalog.item("administrative_permit")
    assert {"CF_WSH", "CF_CFLB", "CF_NR_FK", "CF_JDRQ", "CF_CFJGDM", "CF_SJLYDM"} <= {
        f.code for f in penalty.fields
    }
    assert {"XK_WSH", "XK_XKLB", "XK_YXQZI", "XK_XKJGDM", "XK_LYDWDM"} <= {f.code for f in permit.fields}
    assert penalty.collection.deadline_workdays == 7 and penalty.collection.deadline_from == "CF_JDRQ"
    assert penalty.disclosure == "public" and penalty.item_class == "dishonest"
    assert catalog.field("administrative_penalty", "CF_XDR_ZJHM").personal


def test_v1_names_map_to_v2_fields(catalog: Catalog) -> None:
    permit = catalog.item("administrative_permit")
    assert permit.legacy_columns["XK_SPLB"] == "XK_XKLB" and permit.legacy_columns["XK_JZQ"] == "XK_YXQZI"
    assert catalog.item("administrative_penalty").legacy_columns["CF_CFLB2"] == "CF_CFLB"


def test_old_and_2021_penalty_categories_share_one_table(catalog: Catalog) -> None:
    table = catalog.code_table("penalty_category")
    assert [v.label for v in table.values][:3] == ["警告", "通报批评", "罚款"]
    old = {v.label: v for v in table.legacy}
    assert old["暂扣或者吊销许可证、暂扣或者吊销执照"].pick == (("吊销", "08"), ("暂扣", "06"))


def test_severity_follows_the_simple_procedure_thresholds_of_the_law_in_force(catalog: Catalog) -> None:
    def classify(on: date, categories: list[str], fine: str | None, party: str) -> Severity:
        return catalog.classify(
            "administrative_penalty",
            on,
            categories=categories,
            fine=Decimal(fine) if fine else None,
            party=party,
        )[0]

    # 2,000 元 to an organisation: 简易程序 since 行政处罚法 2021 (≤ 3,000 元), not before (≤ 1,000 元).
    assert classify(date(2021, 7, 15), ["03"], "0.2", "organisation") is Severity.MINOR
    assert classify(date(2021, 7, 14), ["03"], "0.2", "organisation") is Severity.GENERAL
    assert classify(date(2026, 4, 1), ["03"], "0.03", "person") is Severity.GENERAL  # 300 元 > 200 元
    assert classify(date(2026, 4, 1), ["01", "02"], None, "person") is Severity.MINOR
    assert classify(date(2026, 4, 1), ["03", "08"], "0.1", "organisation") is Severity.SERIOUS
    assert classify(date(2026, 4, 1), ["03"], "150", "organisation") is Severity.SERIOUS
    assert classify(date(2026, 4, 1), ["03", "04"], "0.1", "organisation") is Severity.GENERAL
    assert catalog.classify("court_dishonest_debtor", date(2026, 4, 1))[0] is Severity.SERIOUS


def test_publicity_periods_change_with_order_36_on_2026_04_01(catalog: Catalog) -> None:
    before = catalog.publicity_rule("administrative_penalty", "一般", date(2026, 3, 31))
    after = catalog.publicity_rule("administrative_penalty", "一般", date(2026, 4, 1))
    assert "第58号" in before.basis and "第36号" in after.basis
    assert before.publish_until(date(2026, 3, 31)) == date(2029, 3, 31)
    assert after.publish_until(date(2026, 4, 1)) == date(2027, 4, 1)
    assert after.repair_from(date(2026, 4, 1)) == date(2026, 7, 1)
    serious = catalog.publicity_rule("administrative_penalty", Severity.SERIOUS, date(2026, 4, 1))
    assert (serious.min_months, serious.max_months) == (12, 36)
    assert not catalog.publicity_rule("administrative_penalty", "轻微", date(2026, 4, 1)).published
    old = catalog.publicity_rule("administrative_penalty", "严重", date(2020, 1, 1))
    assert "527号" in old.basis and (old.min_months, old.max_months) == (6, 36)


def test_catalog_versions_answer_which_was_in_force(catalog: Catalog) -> None:
    assert catalog.version == "2026.1"
    assert catalog.version_on(date(2026, 3, 31)).version == "2022.1"
    assert catalog.version_on(date(2026, 4, 1)).version == "2026.1"
    with pytest.raises(NotFound, match="尚未生效"):
        catalog.version_on(date(2021, 12, 31))


def test_lookups_fail_with_clear_messages(catalog: Catalog) -> None:
    with pytest.raises(NotFound, match="未纳入目录的信息不得归集"):
        catalog.item("no_such_item")
    with pytest.raises(UserError, match="珠海市中级人民法院（ZYFY）不报送“行政处罚信息”"):
        catalog.check_supplies("ZYFY", "administrative_penalty")
    with pytest.raises(UserError, match="严重程度“很严重”未知"):
        catalog.publicity_rule("administrative_penalty", "很严重", date(2026, 4, 1))
    assert [d.code for d in catalog.departments_supplying("court_dishonest_debtor")] == ["ZYFY"]
