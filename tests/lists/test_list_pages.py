"""信用名单 over real HTTP: the lists and their entries in force, as each viewer may see them, the
subject page's banner and 名单 section, and the lists and measures API."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from fastapi.testclient import TestClient

from tests.lists.conftest import (
    FIRM_A,
    FIRM_B,
    FIRM_C,
    FIRM_D,
    PERSON_ID,
    PERSON_MASKED,
    REASON,
    Town,
    empty_town,
    tax_violation,
)
from xinyong.accounts.models import Role
from xinyong.clock import CHINA
from xinyong.platform import Platform
from xinyong.web.app import create_app

EVIDENCE = ("evidence", ("完税证明.pdf", b"%PDF-1.4 receipt", "application/pdf"))


def _names(answer: dict) -> list[str]:
    return [e["subject"]["name"] for e in answer["entries"]]


def _banners(html: str) -> str:
    """The subject page from its header to the tabs: where the banners stand."""
    return html[html.index("</header>"):html.index('<nav class="tabs"')]


def test_a_public_list_shows_entries_in_force_newest_first_until_their_period_ends(town: Town) -> None:
    page = town.client.get("/lists/court_dishonest_debtor")
    assert page.status_code == 200
    text = page.text
    assert "失信被执行人名单" in text and "截至 2026-11-23 在列 3 户" in text
    assert text.index("李四") < text.index("珠海市甲公司") < text.index("珠海市丙公司"), "newest entry first"
    assert REASON in text and "（2025）粤04执1号" in text and "广东省珠海市中级人民法院" in text
    assert "2027-05-31" in text and "2026-11-30" in text, "the last day each is listed"
    assert f'href="/subjects/{FIRM_A}"' in text and PERSON_MASKED in text
    town.at(2026, 12, 1, 9)
    text = town.client.get("/lists/court_dishonest_debtor").text
    assert "珠海市丙公司" not in text and "珠海市甲公司" in text, "丙's 24 months ended on 2026-12-01"
    town.at(2027, 6, 1, 9)
    answer = town.client.get("/api/v1/lists/court_dishonest_debtor/entries").json()
    assert _names(answer) == ["李四"], "甲's 24 months ended too"
    assert re.search(r'失信被执行人名单</a> · 在列 <span class="count">1</span>', town.client.get("/lists").text)


def test_a_repaired_entry_leaves_the_list_at_once_and_stays_in_the_subjects_own_history(platform: Platform) -> None:
    platform.clock.set(datetime(2026, 4, 10, 10, tzinfo=CHINA))  # type: ignore[attr-defined]
    town = empty_town(platform)
    town.push("SWJ", "major_tax_violation", tax_violation("珠海市丁公司", FIRM_D, "2026-04-10"))
    firm = town.account("ding", Role.SUBJECT, subject_id=town.subject_id(FIRM_D))
    town.at(2027, 4, 12, 9)
    assert _names(town.client.get("/api/v1/lists/major_tax_violation/entries").json()) == ["珠海市丁公司"]
    czj = town.account("czj", Role.DEPARTMENT, department_code="CZJ")

    def screened() -> str:
        return town.client.post("/api/v1/screenings", headers=czj, json={
            "scenario": "licensing", "matter": "告知承诺审查", "subjects": [{"code": FIRM_D}]}).json()["results"][0][
            "outcome"]

    assert screened() == "measures"
    record = town.client.get("/api/v1/records", params={"item": "major_tax_violation"}).json()["records"][0]
    applied = town.client.post("/api/v1/repairs", headers=firm, files=[EVIDENCE], data={
        "record_id": str(record["record_id"]), "statement": "已缴清税款、滞纳金和罚款", "penalty_performed": "1",
        "corrected": "1", "commitment": "1"}).json()
    decided = town.client.post(f"/api/v1/repairs/{applied['id']}/decision", headers=town.swj,
                               json={"approve": True, "note": "已补缴税款、滞纳金和罚款"})
    assert decided.json()["status"] == "approved"
    # Before the follower rebuilds the entry, the policy already hides the repaired record's entry.
    assert town.client.get("/api/v1/lists/major_tax_violation/entries").json()["entries"] == []
    assert "珠海市丁公司" not in town.client.get("/lists/major_tax_violation").text
    assert screened() == "no_measure", "the repair lifts the list's measures at once"
    town.at(2027, 4, 12, 10)
    assert "失信惩戒对象" not in _banners(town.client.get(f"/subjects/{FIRM_D}").text)
    own = town.client.get(f"/subjects/{FIRM_D}", headers=firm).text
    assert "失信惩戒对象" not in _banners(own)
    assert "含已移出的条目" in own and "已移出（信用修复，2027-04-12）" in own and "重大税收违法失信主体名单" in own


def test_an_abnormal_operation_entry_lasts_until_removed(town: Town) -> None:
    entry = {"企业名称": "珠海市丁公司", "统一社会信用代码": FIRM_D, "列入经营异常名录原因": "未按规定报送年度报告",
             "列入日期": "2026-07-01", "列入决定机关": "珠海市市场监督管理局"}
    town.push("SCJGJ", "abnormal_operation", entry)
    page = town.client.get("/lists/abnormal_operation").text
    assert "珠海市丁公司" in page and "至移出为止" in page and "未按规定报送年度报告" in page
    banner = _banners(town.client.get(f"/subjects/{FIRM_D}").text)
    assert "standing-warning" in banner and "经营异常" in banner and "2026-07-01 起至移出为止" in banner
    firm = town.account("ding", Role.SUBJECT, subject_id=town.subject_id(FIRM_D))
    town.push("SCJGJ", "abnormal_operation", entry | {"移出经营异常名录原因": "补报年度报告并公示",
                                                      "移出日期": "2026-11-20", "移出决定机关": "珠海市市场监督管理局"})
    assert "珠海市丁公司" not in town.client.get("/lists/abnormal_operation").text
    own = town.client.get(f"/subjects/{FIRM_D}", headers=firm).text
    assert "经营异常" not in _banners(own) and "已移出（履行义务，2026-11-20）" in own


def test_the_focus_list_is_not_public_and_a_department_sees_it(town: Town) -> None:
    public = town.client
    assert public.get("/lists/focus_list").status_code == 404
    assert public.get("/api/v1/lists/focus_list/entries").status_code == 404
    assert "重点关注名单" not in public.get("/lists").text
    assert "重点关注" not in _banners(public.get(f"/subjects/{FIRM_A}").text)
    seen = public.get("/api/v1/lists/focus_list/entries", headers=town.swj).json()
    assert _names(seen) == ["珠海市甲公司"] and seen["entries"][0]["reason"] == "一年内三次抽查不合格"
    page = public.get("/lists/focus_list", headers=town.swj).text
    assert "珠市监关〔2026〕8号" in page and "不向社会公开" in page
    index = public.get("/lists", headers=town.swj).text
    assert re.search(r'重点关注名单</a> · 在列 <span class="count">1</span>', index)
    unstated = public.get(f"/subjects/{FIRM_A}", headers=town.swj).text
    assert "重点关注" not in _banners(unstated), "without a stated purpose a department sees what the public sees"
    stated = public.get(f"/subjects/{FIRM_A}", headers=town.swj, params={"purpose": "行政许可审查"}).text
    assert "重点关注" in _banners(stated) and "一年内三次抽查不合格" in _banners(stated)


def test_the_subject_page_banner_names_the_list_reason_period_and_basis(town: Town) -> None:
    a = town.client.get(f"/subjects/{FIRM_A}").text
    banner = _banners(a)
    basis = town.platform.lists.get("court_dishonest_debtor").legal_basis[0].cite()
    assert "standing-danger" in banner and "失信惩戒对象" in banner and "失信被执行人名单" in banner
    assert REASON in banner and "列入期间 2025-06-01 至 2027-05-31" in banner and basis in banner
    assert "广东省珠海市中级人民法院" in banner and "守信激励对象" not in banner
    assert 'href="#lists"' in a and "今日在列" in a
    b = _banners(town.client.get(f"/subjects/{FIRM_B}").text)
    assert "standing-good" in b and "守信激励对象" in b and "纳税信用A级纳税人名单" in b
    assert "列入期间 2026-11-23 至 2027-11-22" in b and "国家税务总局珠海市税务局" in b
    assert "失信惩戒对象" not in b
    town.at(2027, 11, 23, 9)
    assert "守信激励对象" not in _banners(town.client.get(f"/subjects/{FIRM_B}").text)


def test_a_persons_full_id_number_appears_nowhere(town: Town) -> None:
    person = town.subject_id(PERSON_ID)
    paths = ["/lists", "/lists/court_dishonest_debtor", "/lists/court_dishonest_debtor?q=李四",
             "/api/v1/lists/court_dishonest_debtor/entries", f"/subjects/%23{person}?purpose=核查",
             f"/api/v1/lists/court_dishonest_debtor/entries?q={PERSON_ID}"]
    seen = [town.client.get(path, headers=headers) for path in paths for headers in ({}, town.swj, town.office)]
    assert all(answer.status_code in (200, 404) for answer in seen)
    everything = "\n".join(answer.text for answer in seen)
    assert PERSON_MASKED in everything and "李四" in everything
    assert PERSON_ID not in everything and PERSON_ID[:17] not in everything


def test_entries_page_filter_and_page_size_cap(town: Town) -> None:
    client = TestClient(create_app(replace(town.platform, settings=town.platform.settings.model_copy(
        update={"page_size_max": 1}))))
    first = client.get("/api/v1/lists/court_dishonest_debtor/entries", params={"limit": 50}).json()
    assert (first["limit"], first["has_more"], _names(first)) == (1, True, ["李四"])
    last = client.get("/api/v1/lists/court_dishonest_debtor/entries", params={"offset": 2}).json()
    assert (last["has_more"], _names(last)) == (False, ["珠海市丙公司"])
    second = client.get("/lists/court_dishonest_debtor", params={"page": 2}).text
    assert "珠海市甲公司" in second and "上一页" in second and "下一页" in second
    found = client.get("/api/v1/lists/court_dishonest_debtor/entries", params={"q": "甲公"}).json()
    assert _names(found) == ["珠海市甲公司"]
    assert _names(client.get("/api/v1/lists/court_dishonest_debtor/entries", params={"q": FIRM_C}).json()) == [
        "珠海市丙公司"]
    assert "没有名称或代码含“%_”的在列主体" in client.get("/lists/court_dishonest_debtor", params={"q": "%_"}).text
    assert client.get("/lists/no_such_list").status_code == 404


def test_the_lists_api_gives_every_lists_rules(platform: Platform) -> None:
    client = TestClient(create_app(platform))
    answer = client.get("/api/v1/lists").json()
    lists = {c["id"]: c for c in answer["lists"]}
    assert len(lists) == 10 and lists["focus_list"]["public"] is False
    court = lists["court_dishonest_debtor"]
    assert court["kind"] == "serious_dishonesty" and court["departments"] == [
        {"code": "ZYFY", "name": "广东省珠海市中级人民法院"}]
    assert court["periods"][0]["description"] == "24 个月；决定书可定 36–60 个月；或不设期限"
    assert [e["label"] for e in court["early_exits"]] == ["履行义务", "认定部门决定"]
    assert court["names_responsible_persons"] is True and court["legal_basis"][0]["cite"].startswith("《最高人民法院")
    assert lists["abnormal_operation"]["escalation"]["to"] == "samr_serious_violation"
    index = client.get("/lists").text
    assert index.index("严重失信主体名单") < index.index("经营异常名录") < index.index("守信激励名单")
    assert "履行义务" in index and "24 个月；决定书可定 36–60 个月；或不设期限" in index
    assert 'href="/lists"' in client.get("/").text


def test_scenarios_and_the_measures_of_the_edition_in_force(platform: Platform) -> None:
    client = TestClient(create_app(platform))
    codes = [s["code"] for s in client.get("/api/v1/scenarios").json()["scenarios"]]
    assert "government_procurement" in codes and "consumption" in codes
    procurement = client.get("/api/v1/measures", params={"scenario": "government_procurement"}).json()
    assert procurement["edition"]["id"] == "2024"
    assert all("government_procurement" in m["scenarios"] for m in procurement["measures"])
    exclusion = next(m for m in procurement["measures"] if m["id"] == "procurement_exclusion")
    assert exclusion["class"] == "1" and exclusion["effect"] == "restrict" and exclusion["applies_to"] == ["subject"]
    assert "court_dishonest_debtor" in exclusion["targets"] and "政府采购法" in exclusion["legal_basis"][0]
    everything = {m["id"] for m in client.get("/api/v1/measures").json()["measures"]}
    assert "director_disqualification" in everything and "green_channel" in everything
    platform.clock.set(datetime(2023, 11, 23, 9, tzinfo=CHINA))  # type: ignore[attr-defined]
    older = client.get("/api/v1/measures").json()
    assert older["edition"]["id"] == "2023" and "director_disqualification" not in {m["id"] for m in older["measures"]}
    assert client.get("/api/v1/measures", params={"scenario": "nowhere"}).status_code == 400
    tags = {path: ops["get"]["tags"] for path, ops in client.get("/api/v1/openapi.json").json()["paths"].items()
            if path in ("/api/v1/lists", "/api/v1/lists/{list_id}/entries", "/api/v1/scenarios", "/api/v1/measures")}
    assert tags == {"/api/v1/lists": ["名单 lists"], "/api/v1/lists/{list_id}/entries": ["名单 lists"],
                    "/api/v1/scenarios": ["措施清单 measures"], "/api/v1/measures": ["措施清单 measures"]}
