"""Credit commitments: accepted and published in the standard form, judged by the accepting
department, a breach becoming a dishonesty record; overdue verdicts flagged; the outbox."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.workflows.conftest import FIRM, City, record_events
from xinyong.workflows.outbox import deliver
from xinyong.workflows.overdue import flag_overdue

FAMILIES = {"审批替代型": "approval", "容缺办理型": "approval", "告知承诺型": "approval", "主动公示型": "proactive",
            "行业自律型": "industry", "信用修复型": "repair"}


def _commit(city: City, headers: dict[str, str], kind: str = "证明事项告知承诺型", **extra: object):
    body = {"subject": FIRM, "type": kind, "title": "排污许可证延续申请免于提交环评批复",
            "text": "本单位承诺所报材料真实，并于履约期限前补交环评批复。", "scope": "排污许可证延续",
            "obligations": ["2026-12-31 前补交环评批复原件"], "made_on": "2026-11-20", "deadline": "2026-12-31",
            **extra}
    return city.client.post("/api/v1/commitments", headers=headers, json=body)


def _tab(city: City, item: str) -> list[dict]:
    archive = city.client.get(f"/api/v1/subjects/{FIRM}").json()
    return [r for tab in archive["items"] if tab["item"] == item for r in tab["records"]]


def test_a_commitment_is_published_in_standard_form_and_a_breach_becomes_a_dishonesty_record(make_city) -> None:
    city = make_city()
    created = _commit(city, city.sthjj)
    assert created.status_code == 201, created.text
    commitment = created.json()
    assert (commitment["family"], commitment["status"]) == ("approval", "in_force")
    [shown] = _tab(city, "credit_commitment")
    fields = {f["label"]: f["value"] for f in shown["fields"]}
    assert fields["承诺编码"] == commitment["code"] and fields["承诺类型"] == "证明事项告知承诺型"
    assert fields["承诺履约状态"] == "履行中" and fields["履约期限"] == "2026-12-31"
    assert fields["承诺受理单位"] == "珠海市生态环境局" and "补交环评批复原件" in fields["承诺履行义务"]

    assert city.client.post(f"/api/v1/commitments/{commitment['id']}/verdict", headers=city.swj,
                            json={"outcome": "breached", "note": "x"}).status_code == 403
    no_reason = city.client.post(f"/api/v1/commitments/{commitment['id']}/verdict", headers=city.sthjj,
                                 json={"outcome": "breached", "note": ""})
    assert no_reason.status_code == 400 and "违背承诺的情形" in no_reason.json()["message"]
    city.platform.clock.travel(timedelta(days=45))
    breached = city.client.post(f"/api/v1/commitments/{commitment['id']}/verdict", headers=city.sthjj,
                                json={"outcome": "breached", "note": "逾期未补交环评批复"}).json()
    assert breached["status"] == "breached" and breached["breach_record_id"]
    [breach] = _tab(city, "commitment_breach")
    assert breach["document_no"] == commitment["code"] and breach["severity"] == "general"
    assert "逾期未补交环评批复" in breach["headline"] and breach["decided_on"] == "2027-01-07"
    assert {f["label"]: f["value"] for f in _tab(city, "credit_commitment")[0]["fields"]}["承诺履约状态"] == "未履行"
    again = city.client.post(f"/api/v1/commitments/{commitment['id']}/verdict", headers=city.sthjj,
                             json={"outcome": "fulfilled"})
    assert again.status_code == 409
    assert record_events(city.platform, city.firm_id)[-3:] == [
        ("collection:records:published", "department:STHJJ"), ("collection:records:changed", "department:STHJJ"),
        ("collection:records:published", "department:STHJJ")]
    steps = city.client.get(f"/api/v1/commitments/{commitment['id']}", headers=city.firm).json()["steps"]
    assert [(s["action"], s["actor"]) for s in steps] == [("accepted", "account:sthjj"), ("breached", "account:sthjj")]
    messages = city.client.get("/api/v1/outbox", headers=city.firm).json()["messages"]
    assert messages[0]["title"] == f"信用承诺 {commitment['code']} 认定为未履行，已记入失信记录（违背信用承诺信息）"


def test_the_four_families_the_accepting_department_and_bad_input(make_city) -> None:
    city = make_city()
    for kind, family in FAMILIES.items():
        made = _commit(city, city.sthjj, kind)
        assert made.status_code == 201 and made.json()["family"] == family, (kind, made.text)
    own = _commit(city, city.firm, "主动公示型", department="SCJGJ")
    assert own.status_code == 201 and own.json()["department"] == "SCJGJ"
    assert _commit(city, city.firm, "主动公示型").status_code == 400
    wrong = _commit(city, city.sthjj, "无此类型")
    assert wrong.status_code == 400 and "审批替代型" in wrong.json()["message"]
    late = _commit(city, city.sthjj, deadline="2026-11-01")
    assert late.status_code == 400 and "早于做出承诺日期" in late.json()["message"]
    court = city.client.post("/api/v1/commitments", headers=city.office, json={
        "subject": FIRM, "type": "1", "title": "t", "text": "t", "scope": "s", "obligations": ["o"],
        "made_on": "2026-11-20", "deadline": "2026-12-31", "department": "ZYFY"})
    assert court.status_code == 400 and "不报送" in court.json()["message"]
    assert len(_tab(city, "credit_commitment")) == 7


def test_commitments_past_their_deadline_without_verdict_are_flagged_to_the_department(make_city) -> None:
    city = make_city()
    commitment = _commit(city, city.sthjj).json()
    done = _commit(city, city.sthjj, title="另一项承诺").json()
    city.client.post(f"/api/v1/commitments/{done['id']}/verdict", headers=city.sthjj, json={"outcome": "fulfilled"})
    city.at(2026, 12, 31, 17)
    assert city.client.get("/api/v1/workflows/overdue", headers=city.sthjj).json()["overdue"] == []
    city.at(2027, 1, 4, 9)
    late = city.client.get("/api/v1/workflows/overdue", headers=city.sthjj).json()["overdue"]
    assert [(o["number"], o["step"], o["responsible"]) for o in late] == [(commitment["code"], "verdict", "STHJJ")]
    assert [o.number for o in flag_overdue(city.platform)] == [commitment["code"]]
    inbox = city.client.get("/api/v1/outbox", headers=city.sthjj).json()
    assert inbox["messages"][0]["title"] == f"逾期提醒：信用承诺 {commitment['code']} 承诺履约认定"
    first = inbox["messages"][0]["id"]
    assert city.client.post(f"/api/v1/outbox/{first}/read", headers=city.sthjj).status_code == 200
    assert city.client.get("/api/v1/outbox", headers=city.sthjj).json()["unread"] == inbox["unread"] - 1
    assert city.client.post(f"/api/v1/outbox/{first}/read", headers=city.firm).status_code == 404


class _Gateway:
    def __init__(self, failing: bool = False) -> None:
        self.sent: list[tuple[list[str], str]] = []
        self.failing = failing

    def send(self, to: list[str], title: str, body: str) -> None:
        if self.failing:
            raise ConnectionError("smtp down")
        self.sent.append((to, title))


def test_the_outbox_hands_messages_to_a_mail_sender_and_keeps_failures(make_city) -> None:
    city = make_city()
    commitment = _commit(city, city.sthjj).json()
    now = city.platform.clock.now()
    with city.platform.db.session() as session:
        assert deliver(session, _Gateway(failing=True), at=now) == (0, 2)
    gateway = _Gateway()
    with city.platform.db.session() as session:
        assert deliver(session, gateway, at=now) == (2, 0)
        assert deliver(session, gateway, at=now) == (0, 0)
    assert sorted(gateway.sent) == [(["jia"], f"信用承诺已受理并公示：{commitment['title']}"),
                                    (["sthjj"], f"已受理信用承诺 {commitment['code']}")]
    assert all(m["sent"] for m in city.client.get("/api/v1/outbox", headers=city.firm).json()["messages"])


def test_a_department_registers_and_judges_a_commitment_in_the_portal(make_city) -> None:
    city = make_city()
    browser = city.client
    csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/login").text).group(1)
    browser.post("/login", data={"username": "sthjj", "password": "password1", "csrf": csrf})
    queue = browser.get("/workflows/queue")
    assert queue.status_code == 200 and "登记受理的信用承诺" in queue.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', queue.text).group(1)  # signing in starts a new session
    form = {"csrf": csrf, "subject": FIRM, "type": "4", "title": "主动公示：按时足额缴纳排污费",
            "text": "本单位承诺按时足额缴纳。", "scope": "排污费缴纳",
            "obligations": "每季度首月缴纳\n逾期自愿接受处理",
            "made_on": "2026-11-23", "deadline": "2026-12-31"}
    made = browser.post("/workflows/commitments", data=form, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/commitments/")
    page = browser.get(made.headers["location"]).text
    assert "主动公示型" in page and "逾期自愿接受处理" in page and "履行中" in page
    bad = browser.post("/workflows/commitments", data={**form, "deadline": "2026-11-01"})
    assert bad.status_code == 400 and "早于做出承诺日期" in bad.text
    judged = browser.post(f"{made.headers['location']}/verdict",
                          data={"csrf": csrf, "outcome": "breached", "note": "未按期缴纳"})
    assert judged.status_code == 200 and "未履行（已记入失信记录）" in judged.text
    assert browser.get("/workflows/mine").status_code == 403, "the subject's page is the subject's"
