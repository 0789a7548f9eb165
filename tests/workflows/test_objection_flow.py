"""Objections end to end over HTTP: every step, its deadline in working days, its marks and messages."""

from __future__ import annotations

from datetime import date, timedelta

from tests.collection.penalties import penalty
from tests.workflows.conftest import FIRM, City, events
from xinyong.workflows.overdue import flag_overdue


def _object(city: City, record_id: int, **extra: str) -> dict:
    answer = city.client.post("/api/v1/objections", headers=city.firm,
                              data={"record_id": str(record_id), "reason": "罚款金额应为 0.5 万元，决定书有误",
                                    **extra},
                              files=[("files", ("决定书.pdf", b"%PDF-1.4 scan", "application/pdf"))])
    assert answer.status_code == 201, answer.text
    return answer.json()


def _marks(city: City) -> dict[str, list[str]]:
    answer = city.client.get(f"/api/v1/subjects/{FIRM}").json()
    return {r["document_no"]: r["marks"] for item in answer["items"] for r in item["records"]}


def test_an_objection_is_marked_at_once_verified_and_corrected_field_by_field(make_city) -> None:
    city = make_city()
    record = city.record_id("珠环罚〔2026〕1号")
    found = _object(city, record, proposed='{"罚款金额（万元）": "0.5"}')
    # Monday 2026-11-23: marked at once, 2 working days to accept.
    assert found["status"] == "submitted" and found["accept_due"] == "2026-11-25"
    assert found["mark_due"] == "2026-11-24" and found["marked_at"] is not None
    assert found["proposed"] == {"CF_NR_FK": "0.5"}
    assert _marks(city)["珠环罚〔2026〕1号"] == ["异议处理中"]
    assert "异议处理中" in city.client.get(f"/subjects/{FIRM}").text

    city.platform.clock.travel(timedelta(days=1))
    assert city.client.post(f"/api/v1/objections/{found['id']}/accept", headers=city.sthjj, json={}).status_code == 403
    accepted = city.client.post(f"/api/v1/objections/{found['id']}/accept", headers=city.office, json={}).json()
    assert accepted["status"] == "verifying" and accepted["verify_workdays"] == 10
    assert accepted["verify_due"] == "2026-12-08"
    queue = city.client.get("/api/v1/objections", headers=city.sthjj).json()["objections"]
    assert [o["number"] for o in queue] == [found["number"]]
    assert city.client.get("/api/v1/objections", headers=city.swj).json()["objections"] == []

    city.platform.clock.travel(timedelta(days=3))
    refused = city.client.post(f"/api/v1/objections/{found['id']}/decision", headers=city.swj,
                               json={"outcome": "corrected", "note": "x", "corrections": {"CF_NR_FK": "0.5"}})
    assert refused.status_code == 403
    bad = city.client.post(f"/api/v1/objections/{found['id']}/decision", headers=city.sthjj,
                           json={"outcome": "corrected", "note": "核实", "corrections": {"CF_NR_FK": "五千元整"}})
    assert bad.status_code == 400 and "罚款金额" in bad.json()["message"]
    key = city.client.post(f"/api/v1/objections/{found['id']}/decision", headers=city.sthjj,
                           json={"outcome": "corrected", "note": "核实",
                                 "corrections": {"CF_WSH": "珠环罚〔2026〕9号"}})
    assert key.status_code == 400 and "不能在异议中更改" in key.json()["message"]
    done = city.client.post(f"/api/v1/objections/{found['id']}/decision", headers=city.sthjj,
                            json={"outcome": "corrected", "note": "经核实录入有误，予以更正",
                                  "corrections": {"CF_NR_FK": "0.5"}}).json()
    assert done["status"] == "corrected"

    detail = city.client.get(f"/api/v1/objections/{found['id']}", headers=city.firm).json()
    assert [(c["field"], c["old"], c["new"]) for c in detail["corrections"]] == [("CF_NR_FK", "2 万元", "0.5 万元")]
    assert [a["file_name"] for a in detail["attachments"]] == ["决定书.pdf"]
    assert [s["action"] for s in detail["steps"]] == ["submitted", "marked", "accepted", "forwarded", "corrected"]
    shown = city.client.get(f"/api/v1/subjects/{FIRM}").json()["items"][0]["records"][0]
    assert shown["marks"] == [] and {"label": "罚款金额（万元）", "value": "0.5 万元"} in shown["fields"]
    journal = events(city.platform, "workflows:objection:")
    assert [(k.rsplit(":", 1)[1], actor) for k, actor, _, _ in journal] == [
        ("submitted", "account:jia"), ("marked", "platform"), ("accepted", "account:office"),
        ("forwarded", "account:office"), ("corrected", "account:sthjj")]
    assert {subject for _, _, subject, _ in journal} == {city.firm_id}
    inbox = city.client.get("/api/v1/outbox", headers=city.firm).json()
    assert [m["title"].split("：")[0] for m in inbox["messages"]][:1] == [f"异议 {found['number']}"]
    assert len(inbox["messages"]) == 3 and inbox["unread"] == 3


def test_a_second_objection_waits_and_a_refusal_lifts_the_mark(make_city) -> None:
    city = make_city()
    record = city.record_id("珠环罚〔2026〕1号")
    found = _object(city, record)
    again = city.client.post("/api/v1/objections", headers=city.firm, data={"record_id": str(record), "reason": "再次"})
    assert again.status_code == 409 and found["number"] in again.json()["message"]
    empty = city.client.post(f"/api/v1/objections/{found['id']}/refuse", headers=city.office, json={"reason": " "})
    assert empty.status_code == 400
    city.client.post(f"/api/v1/objections/{found['id']}/refuse", headers=city.office,
                     json={"reason": "异议内容与记录无关"})
    assert _marks(city)["珠环罚〔2026〕1号"] == []
    stranger = city.client.post("/api/v1/objections", headers=city.swj, data={"record_id": str(record), "reason": "x"})
    assert stranger.status_code == 403


def test_cannot_be_confirmed_keeps_both_versions_on_the_public_page(make_city) -> None:
    city = make_city()
    found = _object(city, city.record_id("珠环罚〔2026〕1号"), proposed_field="处罚内容",
                    proposed_value="罚款人民币5000元")
    city.client.post(f"/api/v1/objections/{found['id']}/accept", headers=city.office, json={})
    city.client.post(f"/api/v1/objections/{found['id']}/decision", headers=city.sthjj,
                     json={"outcome": "unconfirmed", "note": "原始卷宗已移交，无法核实"})
    shown = city.client.get(f"/api/v1/subjects/{FIRM}").json()["items"][0]["records"][0]
    assert shown["marks"] == ["异议无法核实"]
    assert {"label": "处罚内容", "value": "罚款人民币2万元"} in shown["fields"]
    assert shown["objector_version"]["fields"] == [{"label": "处罚内容", "value": "罚款人民币5000元"}]
    page = city.client.get(f"/subjects/{FIRM}").text
    assert "异议人主张的版本" in page and "罚款人民币5000元" in page and "罚款人民币2万元" in page


def test_deadlines_skip_the_spring_festival_and_count_the_make_up_saturday(make_city) -> None:
    city = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-01-20"))
    city.at(2026, 2, 13, 16)  # Friday before the holiday; Saturday 02-14 is a make-up working day
    found = _object(city, city.record_id("珠环罚〔2026〕1号"))
    assert (found["mark_due"], found["accept_due"]) == ("2026-02-14", "2026-02-24")


def test_national_day_and_its_make_up_saturday_in_the_verification_period(make_city) -> None:
    city = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-09-01"))
    city.at(2026, 9, 29, 10)
    found = _object(city, city.record_id("珠环罚〔2026〕1号"))
    city.at(2026, 9, 30, 10)
    accepted = city.client.post(f"/api/v1/objections/{found['id']}/accept", headers=city.office, json={}).json()
    # 10-01…10-07 are holidays; Saturday 10-10 is worked: the tenth working day is Tuesday 10-20.
    assert accepted["verify_due"] == "2026-10-20"


def test_overdue_steps_are_listed_and_flagged_once_to_whoever_owes_them(make_city) -> None:
    city = make_city()
    found = _object(city, city.record_id("珠环罚〔2026〕1号"))
    city.at(2026, 11, 25, 18)
    assert city.client.get("/api/v1/workflows/overdue", headers=city.office).json()["overdue"] == []
    city.at(2026, 11, 26, 9)
    late = city.client.get("/api/v1/workflows/overdue", headers=city.office).json()["overdue"]
    assert [(o["number"], o["step"], o["due_on"], o["workdays_late"]) for o in late] == [
        (found["number"], "accept", "2026-11-25", 1)]
    assert [o.number for o in flag_overdue(city.platform)] == [found["number"]]
    assert flag_overdue(city.platform) == []
    titles = [m["title"] for m in city.client.get("/api/v1/outbox", headers=city.office).json()["messages"]]
    assert titles[0] == f"逾期提醒：异议 {found['number']} 异议受理"
    city.client.post(f"/api/v1/objections/{found['id']}/accept", headers=city.office, json={})
    assert city.client.get("/api/v1/workflows/overdue", headers=city.office).json()["overdue"] == []
    city.platform.clock.travel(timedelta(days=30))
    mine = city.client.get("/api/v1/workflows/overdue", headers=city.sthjj).json()["overdue"]
    assert [(o["step"], o["responsible"]) for o in mine] == [("verify", "STHJJ")]
    assert city.client.get("/api/v1/workflows/overdue", headers=city.swj).json()["overdue"] == []
    overview = city.client.get("/api/v1/workflows/overview", headers=city.office).json()
    assert overview["objections"]["by_status"] == {"verifying": 1} and len(overview["overdue"]) == 1
    assert date.fromisoformat(overview["today"]) == city.platform.clock.today()
