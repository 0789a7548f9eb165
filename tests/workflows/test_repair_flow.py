"""Credit repair end to end: eligibility by the rules in force, the application with its conditions
and materials, the department's decision, its four effects at once, the decision document."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from sqlalchemy import select

from tests.collection.penalties import penalty
from tests.workflows.conftest import FIRM, City, events, token
from xinyong.accounts.models import Role
from xinyong.clock import CHINA
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.platform import Platform
from xinyong.records.classing import RecordClasser
from xinyong.records.models import Record

EVIDENCE = ("evidence", ("缴款凭证.pdf", b"%PDF-1.4 receipt", "application/pdf"))


def _apply(city: City, record_id: int, files=(EVIDENCE,), **fields: str):
    data = {"record_id": str(record_id), "statement": "已缴清罚款并完成整改", "penalty_performed": "1",
            "corrected": "1", "commitment": "1", **fields}
    return city.client.post("/api/v1/repairs", headers=city.firm, data=data, files=list(files))


def _eligibility(city: City) -> dict[str, dict]:
    rows = city.client.get("/api/v1/repairs/records", headers=city.firm).json()["records"]
    return {r["document_no"]: r for r in rows}


def _apply_buttons(city: City) -> int:
    return city.client.get("/workflows/mine", headers=city.firm).text.count('action="/workflows/repairs"')


def test_eligibility_follows_the_rules_in_force_on_the_decision_date(platform: Platform, make_city) -> None:
    platform.clock.set(datetime(2026, 4, 2, 10, tzinfo=CHINA))
    city = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-03-31", fine="150", content="罚款150万元"),
                     penalty("珠海市甲公司", FIRM, 2, decided="2026-04-01", fine="150", content="罚款150万元"))
    city.at(2026, 6, 29, 9)
    found = _eligibility(city)
    old, new = found["珠环罚〔2026〕1号"], found["珠环罚〔2026〕2号"]
    assert (old["severity"], old["eligible"], old["eligible_from"]) == ("serious", False, "2026-06-30")
    assert "令2023年第58号" in old["basis"] and "最短公示 3 个月" in old["reason"]
    assert (new["eligible"], new["eligible_from"]) == (False, "2027-04-01") and "第36号" in new["basis"]
    assert _apply_buttons(city) == 0
    early = _apply(city, city.record_id("珠环罚〔2026〕1号"))
    assert early.status_code == 400 and "最短公示期未满" in early.json()["message"]
    city.at(2026, 6, 30, 9)
    eligible = {k: v["eligible"] for k, v in _eligibility(city).items()}
    assert eligible == {"珠环罚〔2026〕1号": True, "珠环罚〔2026〕2号": False}
    assert _apply_buttons(city) == 1
    city.at(2027, 3, 31, 9)
    assert not _eligibility(city)["珠环罚〔2026〕2号"]["eligible"]
    city.at(2027, 4, 1, 9)
    assert _eligibility(city)["珠环罚〔2026〕2号"]["eligible"] and _apply_buttons(city) == 2


def test_approval_ends_display_sharing_and_measures_at_once_with_a_decision_document(make_city) -> None:
    city = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-07-01"))
    record = city.record_id("珠环罚〔2026〕1号")
    assert _eligibility(city)["珠环罚〔2026〕1号"]["eligible"]
    missing = _apply(city, record, files=())
    assert missing.status_code == 400
    assert "缺少必交材料：纠正失信行为、履行法定义务的佐证材料" in missing.json()["message"]
    unmet = _apply(city, record, corrected="")
    assert unmet.status_code == 400 and "失信行为已纠正" in unmet.json()["message"]
    answer = _apply(city, record)
    assert answer.status_code == 201, answer.text
    applied = answer.json()
    assert applied["status"] == "applied" and applied["decide_due"] == "2026-12-07"
    assert "已有办理中的修复申请" in _eligibility(city)["珠环罚〔2026〕1号"]["reason"]
    archive = city.client.get(f"/api/v1/subjects/{FIRM}").json()
    promise = [r for item in archive["items"] if item["item"] == "credit_commitment" for r in item["records"]]
    assert len(promise) == 1 and "信用修复型" in str(promise[0]["fields"]), "the repair commitment is public"
    assert city.client.post(f"/api/v1/repairs/{applied['id']}/decision", headers=city.swj,
                            json={"approve": True, "note": "x"}).status_code == 403
    assert city.public_documents() >= {"珠环罚〔2026〕1号"}
    decided = city.client.post(f"/api/v1/repairs/{applied['id']}/decision", headers=city.sthjj,
                               json={"approve": True, "note": "已履行处罚并完成整改"}).json()
    assert decided["status"] == "approved" and decided["document_no"].endswith(f"信修〔2026〕{applied['id']}号")

    # The four effects, together: public display, sharing to departments, list measures (public
    # listings of the record), evaluation (an event carrying the subject).
    assert "珠环罚〔2026〕1号" not in city.public_documents()
    shared = city.client.get(f"/api/v1/subjects/{FIRM}", headers=city.swj, params={"purpose": "许可审查"}).json()
    assert "珠环罚〔2026〕1号" not in {r["document_no"] for item in shared["items"] for r in item["records"]}
    listed = city.client.get("/api/v1/records", params={"item": "administrative_penalty"}).json()["records"]
    assert listed == []
    approved = [e for e in events(city.platform, "workflows:repair:") if e[0].endswith(":approved")]
    assert [(actor, subject) for _, actor, subject, _ in approved] == [("account:sthjj", city.firm_id)]
    with city.platform.db.session() as session:
        assert session.get(Record, record).repaired_on == date(2026, 11, 23)
    own = city.client.get(f"/api/v1/subjects/{FIRM}", headers=city.firm).json()
    marks = {r["document_no"]: r["marks"] for item in own["items"] for r in item["records"]}
    assert marks["珠环罚〔2026〕1号"] == ["已信用修复"]

    html = city.client.get(decided["decision_html"], headers=city.firm)
    assert html.status_code == 200 and "信用修复决定书" in html.text and decided["document_no"] in html.text
    assert "终止公示、停止共享、重新评价、解除惩戒措施" in html.text
    pdf = city.client.get(decided["decision_pdf"], headers=city.firm)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert city.client.get(decided["decision_pdf"], headers=city.swj).status_code == 404
    titles = [m["title"] for m in city.client.get("/api/v1/outbox", headers=city.firm).json()["messages"]]
    assert titles[0].startswith(f"信用修复申请 {applied['number']}：准予信用修复")


def test_a_refusal_keeps_the_record_public_and_says_why(make_city) -> None:
    city = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-07-01"))
    applied = _apply(city, city.record_id("珠环罚〔2026〕1号")).json()
    assert city.client.post(f"/api/v1/repairs/{applied['id']}/decision", headers=city.sthjj,
                            json={"approve": False, "note": " "}).status_code == 400
    refused = city.client.post(f"/api/v1/repairs/{applied['id']}/decision", headers=city.sthjj,
                               json={"approve": False, "note": "罚款尚未缴清"}).json()
    assert refused["status"] == "refused" and "珠环罚〔2026〕1号" in city.public_documents()
    page = city.client.get(refused["decision_html"], headers=city.firm).text
    assert "不予信用修复决定书" in page and "罚款尚未缴清" in page
    assert _eligibility(city)["珠环罚〔2026〕1号"]["eligible"], "a refused subject may apply again"


def test_a_list_entry_is_repaired_after_a_year_and_leaves_the_public_list(platform: Platform, make_city) -> None:
    platform.clock.set(datetime(2026, 4, 10, 10, tzinfo=CHINA))
    city = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-04-01"))
    ingest_records(platform, {"纳税人名称": "珠海市甲公司", "纳税人识别号": FIRM, "案件性质": "虚开增值税专用发票",
                              "主要违法事实": "经查……", "相关法律依据及税务处理处罚情况": "依法处理",
                              "公布日期": "2026-04-10"},
                   Submission("SWJ", "major_tax_violation", "push", "test", "推送"))
    with platform.db.session() as session:
        record = session.scalar(select(Record.id).where(Record.item_id == "major_tax_violation"))
    city.at(2027, 4, 9, 9)
    early = city.client.get("/api/v1/repairs/eligibility", headers=city.firm, params={"record_id": record}).json()
    assert (early["eligible"], early["eligible_from"]) == (False, "2027-04-10")
    city.at(2027, 4, 12, 9)
    listed = city.client.get("/api/v1/records", params={"item": "major_tax_violation"}).json()["records"]
    assert len(listed) == 1
    applied = _apply(city, record).json()
    city.client.post(f"/api/v1/repairs/{applied['id']}/decision", headers=city.swj,
                     json={"approve": True, "note": "已补缴税款、滞纳金和罚款"})
    assert city.client.get("/api/v1/records", params={"item": "major_tax_violation"}).json()["records"] == []


def test_minors_are_never_public_and_minor_offences_only_when_their_item_says_so(platform: Platform,
                                                                                  make_city) -> None:
    city = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-10-20"),
                     penalty("珠海市甲公司", FIRM, 2, decided="2026-10-21", category="警告", content="警告", fine=""),
                     penalty("未成年人甲", "", 3, kind="自然人", id_number="440402201001011236", rep="",
                             decided="2026-10-22"))
    assert city.public_documents() == {"珠环罚〔2026〕1号"}
    public = {r["document_no"] for r in city.client.get("/api/v1/records").json()["records"]}
    assert public == {"珠环罚〔2026〕1号"}
    department = token(platform, "sthjj2", Role.DEPARTMENT, department_code="STHJJ")
    office_view = city.client.get("/api/v1/records", headers=department).json()["records"]
    assert {r["document_no"] for r in office_view} == public, "listings are public: minors stay out"
    item = platform.catalog.item("administrative_penalty")
    values = {"CF_CFLB": ["01"], "CF_XDR_LB": "1"}
    assert RecordClasser(platform.catalog, item).classify(values, date(2026, 10, 21)).publicity_ends_on == \
        date(2026, 10, 20)
    sector = dataclasses.replace(item, publish_minor=True)
    assert RecordClasser(platform.catalog, sector).classify(values, date(2026, 10, 21)).publicity_ends_on == \
        date(2027, 1, 21)


def test_publicity_ends_by_itself_at_the_maximum_period(platform: Platform, make_city) -> None:
    platform.clock.set(datetime(2026, 4, 2, 10, tzinfo=CHINA))
    city = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-04-01"))
    city.at(2027, 4, 1, 9)
    assert city.public_documents() == {"珠环罚〔2026〕1号"}
    city.at(2027, 4, 2, 9)
    assert city.public_documents() == set()
    found = _eligibility(city)["珠环罚〔2026〕1号"]
    assert not found["eligible"] and "公示期已于 2027-04-01 届满" in found["reason"]
