"""A department's system screens subjects over HTTP and gets, for each, the entries in force and the
published measures with their legal basis — or an explicit "no measure"."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.screening.conftest import FIRMS, WANG, ZHANG, City, court_listing
from tests.workflows.conftest import token
from xinyong.accounts.models import Role
from xinyong.events.models import Event
from xinyong.querylog.models import QueryLogEntry
from xinyong.records.models import Record
from xinyong.subjects.corrections import Judgement, merge


def _listed(city: City) -> None:
    huaxin = FIRMS["huaxin"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(huaxin.name, huaxin.code, legal_rep="王建国"))
    city.push("SWJ", "tax_credit_a", {"纳税人名称": FIRMS["hengda"].name, "纳税人识别号": FIRMS["hengda"].code,
                                      "评价年度": 2025, "纳税信用级别": "A"})


def test_a_listed_firm_by_code_gets_the_measure_and_its_legal_basis(city: City) -> None:
    _listed(city)
    answer = city.screen("government_procurement", {"code": "91350100m000100y43"}, {"code": FIRMS["supplier"].code},
                         {"name": "珠海市不存在贸易有限公司"})
    listed, clean, unknown = answer["results"]
    assert listed["outcome"] == "measures"
    match = listed["matches"][0]
    assert match["subject"]["name"] == FIRMS["huaxin"].name
    assert [e["list_name"] for e in match["entries"]] == ["失信被执行人名单"]
    assert match["entries"][0]["entered_on"] == "2026-03-02" and match["entries"][0]["ends_on"] == "2028-03-02"
    measure = match["measures"][0]
    assert measure["id"] == "procurement_exclusion" and measure["effect"] == "restrict"
    assert any("政府采购法" in basis and "第二十二条" in basis for basis in measure["legal_basis"])
    assert clean["outcome"] == "no_measure" and clean["message"] == "经核查，未发现本场景下适用的联合奖惩措施"
    assert unknown["outcome"] == "no_match" and unknown["matches"] == []
    assert answer["with_measures"] == 1 and answer["feedback_due_on"] == "2026-12-07"  # 10 working days
    assert answer["data_version"].startswith("名单 2026.1；措施清单 2024")
    archive = city.client.get(f"/api/v1/subjects/{FIRMS['huaxin'].code}").json()
    assert archive["standings"] == [{"standing": "失信惩戒对象", "lists": ["court_dishonest_debtor"]}]
    assert archive["list_entries"][0]["ends_on"] == "2028-03-02"


def test_the_same_list_entry_calls_for_different_measures_in_each_scenario(city: City) -> None:
    _listed(city)
    licensing = city.screen("licensing", {"code": FIRMS["huaxin"].code})["results"][0]
    assert [m["id"] for m in licensing["matches"][0]["measures"]] == ["no_commitment_approval"]
    red = city.screen("licensing", {"name": FIRMS["hengda"].name})["results"][0]
    assert red["outcome"] == "measures"
    assert {m["id"] for m in red["matches"][0]["measures"]} == {"green_channel", "tolerance_acceptance"}
    assert all(m["effect"] == "reward" for m in red["matches"][0]["measures"])


def test_a_branch_office_of_a_listed_firm_is_not_the_listed_firm(city: City) -> None:
    _listed(city)
    result = city.screen("government_procurement", {"name": "珠海市华信电子科技有限公司斗门分公司"})["results"][0]
    assert [m["subject"]["name"] for m in result["matches"]] == ["珠海市华信电子科技有限公司斗门分公司"]
    assert result["outcome"] == "no_measure"
    lookalike = city.screen("government_procurement", {"name": "珠海市华城电子科技有限公司"})["results"][0]
    assert all(m["subject"]["name"] != FIRMS["huaxin"].name for m in lookalike["matches"])


def test_the_legal_representative_of_a_listed_firm_is_reached_by_the_measures_for_responsible_persons(
        city: City) -> None:
    _listed(city)
    masked = WANG[:10] + "****" + WANG[14:]
    result = city.screen("consumption", {"name": "王建国", "id_number": masked, "kind": "person"})["results"][0]
    assert result["outcome"] == "measures"
    entry = result["matches"][0]["entries"][0]
    assert entry["role"] == "responsible_person" and entry["listed_subject"]["name"] == FIRMS["huaxin"].name
    measure = result["matches"][0]["measures"][0]
    assert (measure["id"], measure["role"]) == ("high_consumption_ban", "responsible_person")
    assert WANG not in str(result)


def test_the_legal_representatives_own_archive_shows_the_listing_that_names_him(city: City) -> None:
    _listed(city)
    page = city.client.get(f"/subjects/%23{city.ids['wang']}", headers=city.office, params={"purpose": "核查"})
    assert page.status_code == 200
    section = page.text.split('id="responsible"')[1].split("</section>")[0]
    assert "失信被执行人名单" in section and FIRMS["huaxin"].name in section and "在列" in section
    assert f'href="/subjects/{FIRMS["huaxin"].code}"' in section
    api = city.client.get(f"/api/v1/subjects/%23{city.ids['wang']}", headers=city.office,
                          params={"purpose": "核查"}).json()
    named = api["list_entries_as_responsible_person"]
    assert [(e["list"], e["subject"]["name"]) for e in named] == [("court_dishonest_debtor", FIRMS["huaxin"].name)]
    assert api["list_entries"] == [] and WANG not in page.text + str(api)
    firm = city.client.get(f"/api/v1/subjects/{FIRMS['huaxin'].code}").json()
    assert firm["list_entries_as_responsible_person"] == [] and len(firm["list_entries"]) == 1
    assert "id=\"responsible\"" not in city.client.get(f"/subjects/%23{city.ids['zhang']}", headers=city.office,
                                                        params={"purpose": "核查"}).text


def test_a_person_is_found_by_masked_id_and_a_common_name_alone_is_never_confident(city: City) -> None:
    city.push("ZYFY", "court_dishonest_debtor", court_listing("张伟", person_id=ZHANG, case=7))
    masked = city.screen("public_employment", {"name": "张伟", "id_number": ZHANG[:10] + "****" + ZHANG[14:]})
    masked = masked["results"][0]
    assert masked["outcome"] == "measures"
    assert masked["matches"][0]["subject"]["code"] == ZHANG[:4] + "*" * 10 + ZHANG[14:]
    assert masked["matches"][0]["measures"][0]["id"] == "civil_service_bar"
    alone = city.screen("public_employment", {"name": "张伟"})["results"][0]
    assert alone["outcome"] == "no_match" and len(alone["candidates"]) == 2
    assert ZHANG not in str(masked) + str(alone)


def test_entries_expire_with_their_period_and_leave_early_on_removal_or_withdrawal(city: City) -> None:
    _listed(city)
    abnormal = {"企业名称": FIRMS["supplier"].name, "统一社会信用代码": FIRMS["supplier"].code,
                "列入经营异常名录原因": "未按规定报送年度报告", "列入日期": "2026-05-06",
                "列入决定机关": "珠海市市场监督管理局"}
    city.push("SCJGJ", "abnormal_operation", abnormal)
    assert city.screen("tendering", {"code": FIRMS["supplier"].code})["results"][0]["outcome"] == "measures"
    city.push("SCJGJ", "abnormal_operation", {**abnormal, "移出经营异常名录原因": "补报年度报告并公示",
                                                "移出日期": "2026-11-20", "移出决定机关": "珠海市市场监督管理局"})
    assert city.screen("tendering", {"code": FIRMS["supplier"].code})["results"][0]["outcome"] == "no_measure"

    city.platform.clock.travel(timedelta(days=(2028 - 2026) * 366))  # past 2028-03-02: the 24 months are over
    assert city.screen("government_procurement", {"code": FIRMS["huaxin"].code})["results"][0]["outcome"] == \
        "no_measure"


def test_a_withdrawn_listing_stops_at_once(city: City) -> None:
    _listed(city)
    with city.platform.db.session() as session:
        record_id = session.scalar(select(Record.id).where(Record.item_id == "court_dishonest_debtor"))
    court = city.client.post(f"/api/v1/records/{record_id}/revoke", json={"reason": "执行和解，撤销纳入决定"},
                             headers=_court(city))
    assert court.status_code == 200, court.text
    assert city.screen("government_procurement", {"code": FIRMS["huaxin"].code})["results"][0]["outcome"] == \
        "no_measure"


def _court(city: City) -> dict[str, str]:
    return token(city.platform, "zyfy", Role.DEPARTMENT, department_code="ZYFY")


def test_every_screening_is_logged_with_its_data_and_each_look_in_the_subjects_query_log(city: City) -> None:
    _listed(city)
    answer = city.screen("government_procurement", {"code": FIRMS["huaxin"].code}, matter="第3批供应商资格审查")
    with city.platform.db.session() as session:
        event = session.scalars(select(Event).where(Event.kind == "screening:screening:answered")).one()
        looks = session.scalars(select(QueryLogEntry).where(QueryLogEntry.subject_id == city.ids["huaxin"])).all()
    assert event.payload["data_version"] == answer["data_version"] and event.payload["outcomes"] == {"measures": 1}
    assert event.actor == "account:czj" and len(event.payload["answers_sha256"]) == 64
    assert [(q.department_code, q.action) for q in looks] == [("CZJ", "screening")]
    assert "第3批供应商资格审查" in looks[0].purpose


def test_bad_requests_are_refused_with_the_reason(city: City) -> None:
    bad = city.client.post("/api/v1/screenings", headers=city.czj,
                           json={"scenario": "lottery", "matter": "x", "subjects": [{"name": "甲"}]})
    assert bad.status_code == 400 and "应用场景“lottery”不在措施清单中" in bad.json()["message"]
    bad_id = city.client.post("/api/v1/screenings", headers=city.czj, json={
        "scenario": "licensing", "matter": "审查", "subjects": [{"name": "甲公司"}, {"name": "张伟",
                                                                                  "id_number": "12345"}]})
    assert bad_id.status_code == 400 and "第 2 个主体" in bad_id.json()["message"]
    assert city.client.post("/api/v1/screenings", json={"scenario": "licensing", "matter": "x",
                                                         "subjects": []}).status_code == 401
    office = city.client.post("/api/v1/screenings", headers=city.office,
                              json={"scenario": "licensing", "matter": "审查", "subjects": [{"name": "甲"}]})
    assert office.status_code == 403
    with city.platform.db.session() as session:
        assert session.scalar(select(Event.id).where(Event.kind == "screening:screening:answered")) is None


def test_only_measures_of_the_edition_in_force_are_ever_returned(city: City) -> None:
    city.at(2023, 6, 1, 10)
    city.push("ZYFY", "court_dishonest_debtor", court_listing("张伟", person_id=ZHANG, case=9, published="2023-05-04")
              | {"立案时间": "2023-01-09"})
    query = {"name": "张伟", "id_number": ZHANG}
    before = city.screen("office_holding", query)["results"][0]
    assert before["outcome"] == "no_measure"  # 公司法 2023 came with the 2024 edition
    city.at(2024, 3, 1, 10)
    after = city.screen("office_holding", query)["results"][0]
    assert [m["id"] for m in after["matches"][0]["measures"]] == ["director_disqualification"]
    published = {m.id: m for m in city.platform.measures.measures()}
    for scenario in (s.code for s in city.platform.measures.scenarios()):
        for match in city.screen(scenario, query)["results"][0]["matches"]:
            for measure in match["measures"]:
                assert "2024" in published[measure["id"]].editions
                assert measure["content"] == published[measure["id"]].content


def test_a_debtor_able_but_refusing_to_perform_stays_listed_until_removed(city: City) -> None:
    refusing = court_listing(FIRMS["supplier"].name, FIRMS["supplier"].code, case=11, published="2024-12-02") | {
        "失信被执行人行为具体情形": "有履行能力而拒不履行生效法律文书确定义务"}
    city.push("ZYFY", "court_dishonest_debtor", refusing)
    city.at(2027, 6, 1, 10)  # past the 24 months other debtors stay
    result = city.screen("government_procurement", {"code": FIRMS["supplier"].code})["results"][0]
    assert result["outcome"] == "measures" and result["matches"][0]["entries"][0]["ends_on"] is None


def test_entries_of_a_duplicate_merged_into_the_subject_count_for_it(city: City) -> None:
    supplier = FIRMS["supplier"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(supplier.name, supplier.code, case=21))
    assert city.screen("licensing", {"code": supplier.code})["results"][0]["matches"][0]["subject"]["id"] == \
        city.ids["supplier"]  # the matcher's index is built now, before the merge
    with city.platform.db.session() as session:
        merge(session, city.ids["hengda"], city.ids["supplier"],
              Judgement("account:office", "同一企业重复登记，保留恒达", city.platform.clock.now()))
    result = city.screen("government_procurement", {"code": FIRMS["hengda"].code})["results"][0]
    assert result["outcome"] == "measures"
    assert [e["document_no"] for e in result["matches"][0]["entries"]] == ["（2025）粤04执21号"]
    by_old_code = city.screen("government_procurement", {"code": supplier.code})["results"][0]
    assert by_old_code["matches"][0]["subject"]["id"] == city.ids["hengda"], "the merge rebuilt the index"
