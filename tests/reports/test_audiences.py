"""Each audience gets exactly its report: the public the public items, the subject everything, a third
party what a valid authorisation opens; every report is recorded and every non-public use logged."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.reports.city import FIRM, NAME, OTHER, PERSON_ID, WORDS, grant_form, png
from tests.reports.conftest import Firm
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.platform import Platform
from xinyong.reports.models import IssuedReport

PUBLIC_ITEMS = {"administrative_penalty", "court_dishonest_debtor", "tax_credit_a"}
AUTHORISED_ITEMS = {"court_judgment", "voluntary_information"}
SHARED_ITEMS = {"procurement_contract", "enterprise_risk_class"}


def _html(client: TestClient, ref: str = FIRM, **params: object) -> str:
    headers = params.pop("headers", None)
    answer = client.get(f"/api/v1/subjects/{ref}/report.html", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.text


def _shown(html: str) -> set[str]:
    return {item for item, word in WORDS.items() if word in html}


def _grant(firm: Firm, platform: Platform, **form: object) -> int:
    today = platform.clock.today()
    data = grant_form(valid_from=today, valid_until=today + timedelta(days=90)) | form
    answer = firm.client.post("/api/v1/authorisations", data=data, headers=firm.subject,
                              files={"document": ("授权书.png", png(), "image/png")})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def test_the_public_report_shows_public_items_only(platform: Platform, firm: Firm) -> None:
    html = _html(firm.client)
    assert _shown(html) == PUBLIC_ITEMS
    assert "公开版" in html and NAME in html
    # The cover's tags: the red list and the serious-dishonesty list the public sees.
    assert "守信激励对象" in html and "失信惩戒对象" in html
    # 司法判决 is 授权查询 only: the public section says there is nothing.
    judicial = html.split("8. 司法判决")[2].split("9. 其他信息")[0]
    assert "查询期内无相关信息" in judicial


def test_the_subject_gets_its_whole_archive_in_every_section(platform: Platform, firm: Firm) -> None:
    html = _html(firm.client, audience="subject", headers=firm.subject)
    assert _shown(html) == PUBLIC_ITEMS | AUTHORISED_ITEMS | SHARED_ITEMS
    assert "本人版" in html
    assert "查询期内无相关信息" in html.split("查询与授权使用记录")[-1], "nobody has looked yet"
    body = html.split("信息概要")[1]
    for title in ("基础信息", "行政管理信息", "诚实守信相关荣誉", "严重失信主体名单", "经营异常", "信用承诺",
                  "信用评价", "司法判决", "其他信息"):
        section = body.split(f". {title}")[2].split("</section>")[0]
        assert "查询期内无相关信息" not in section, title
    assert "异议处理中" in html.split("异议与信用修复标注")[1], "the local supplement lists the pending objection"
    # Nobody else gets the subject's own version.
    refused = firm.client.get(f"/api/v1/subjects/{FIRM}/report.html", params={"audience": "subject"},
                              headers=firm.bank)
    assert refused.status_code == 403 and "本人" in refused.json()["message"]
    assert firm.client.get(f"/api/v1/subjects/{FIRM}/report.pdf", params={"audience": "subject"}).status_code == 403


def test_a_third_party_needs_a_valid_authorisation_and_sees_what_it_opens(platform: Platform, firm: Firm) -> None:
    assert _shown(_html(firm.client, headers=firm.bank)) == PUBLIC_ITEMS, "without an authorisation: the public report"
    missing = firm.client.get(f"/api/v1/subjects/{FIRM}/report.html", params={"audience": "third_party"},
                              headers=firm.bank)
    assert missing.status_code == 400 and "授权编号" in missing.json()["message"]
    both = _grant(firm, platform)
    only_judgments = _grant(firm, platform, categories=["02"])
    html = _html(firm.client, audience="third_party", authorisation=both, headers=firm.bank)
    assert _shown(html) == PUBLIC_ITEMS | AUTHORISED_ITEMS, "授权查询 items, never 政务共享 ones"
    assert "授权查询版" in html and "贷款审批" in html
    narrow = _html(firm.client, audience="third_party", authorisation=only_judgments, headers=firm.bank)
    assert _shown(narrow) == PUBLIC_ITEMS | {"court_judgment"}
    anonymous = firm.client.get(f"/api/v1/subjects/{FIRM}/report.html",
                                params={"audience": "third_party", "authorisation": both})
    assert anonymous.status_code == 403 and "请先登录" in anonymous.json()["message"]
    stranger = firm.client.get(f"/api/v1/subjects/{FIRM}/report.html", headers=firm.other_bank,
                               params={"audience": "third_party", "authorisation": both})
    assert stranger.status_code == 403 and "不是授予当前账号" in stranger.json()["message"]


def test_an_expired_or_revoked_authorisation_is_refused(platform: Platform, firm: Firm) -> None:
    expiring = _grant(firm, platform, valid_until=(platform.clock.today() + timedelta(days=10)).isoformat())
    revoked = _grant(firm, platform)
    answer = firm.client.post(f"/api/v1/authorisations/{revoked}/revoke", json={"reason": "贷款已结清"},
                              headers=firm.subject)
    assert answer.status_code == 200 and answer.json()["status"] == "已撤销"
    refused = firm.client.get(f"/api/v1/subjects/{FIRM}/report.pdf", headers=firm.bank,
                              params={"audience": "third_party", "authorisation": revoked})
    assert refused.status_code == 403 and "撤销" in refused.json()["message"]
    platform.clock.travel(timedelta(days=11))
    refused = firm.client.get(f"/api/v1/subjects/{FIRM}/report.pdf", headers=firm.bank,
                              params={"audience": "third_party", "authorisation": expiring})
    assert refused.status_code == 403 and "到期" in refused.json()["message"]
    with platform.db.session() as session:
        assert session.scalar(select(func.count()).select_from(IssuedReport)) == 0, "a refused report is not issued"


def test_an_authorisation_cannot_open_another_subjects_report(platform: Platform, firm: Firm) -> None:
    ingest_records(platform, {"纳税人名称": "北京某公司", "纳税人识别号": OTHER, "评价年度": 2025, "纳税信用级别": "A"},
                   Submission("SWJ", "tax_credit_a", "push", "test", "推送"))
    authorisation = _grant(firm, platform)
    answer = firm.client.get(f"/api/v1/subjects/{OTHER}/report.html", headers=firm.bank,
                             params={"audience": "third_party", "authorisation": authorisation})
    assert answer.status_code == 403 and "不是所查询主体的授权" in answer.json()["message"]


def test_each_use_is_logged_and_the_subject_sees_it(platform: Platform, firm: Firm) -> None:
    authorisation = _grant(firm, platform)
    issued = firm.client.post("/api/v1/reports", headers=firm.bank, json={
        "subject": FIRM, "audience": "third_party", "authorisation": authorisation, "format": "html"})
    number = issued.headers["X-Report-Number"]
    uses = firm.client.get(f"/api/v1/authorisations/{authorisation}", headers=firm.subject).json()["uses"]
    assert [(u["who"], u["purpose"], u["report"]) for u in uses] == [("bank机构（bank）", "贷款审批", number)]
    log = firm.client.get("/api/v1/querylog", headers=firm.subject).json()["entries"]
    assert [(e["who"], e["action"]) for e in log] == [("bank机构（bank）", "report:issued")]
    own = _html(firm.client, audience="subject", headers=firm.subject)
    assert "bank机构（bank）" in own.split("查询与授权使用记录")[-1], "the subject's own report lists the use"
    page = firm.client.get("/authorisations", headers=firm.subject)
    assert number in page.text and "bank机构" in page.text


def test_the_office_prints_a_subjects_own_report_only_with_a_purpose(platform: Platform, firm: Firm) -> None:
    refused = firm.client.post("/api/v1/reports", headers=firm.office,
                               json={"subject": FIRM, "audience": "subject", "format": "html"})
    assert refused.status_code == 400 and "事由" in refused.json()["message"]
    printed = firm.client.post("/api/v1/reports", headers=firm.office, json={
        "subject": FIRM, "audience": "subject", "format": "html", "purpose": "窗口打印本人报告"})
    assert printed.status_code == 200 and _shown(printed.text) >= SHARED_ITEMS
    log = firm.client.get("/api/v1/querylog", headers=firm.subject).json()["entries"]
    assert [(e["audience"], e["purpose"]) for e in log] == [("office", "窗口打印本人报告")]


def test_people_have_no_public_report_and_every_report_is_recorded(platform: Platform, firm: Firm) -> None:
    ingest_records(platform, {"失信被执行人姓名/名称": "刘龑", "身份证号码": PERSON_ID, "执行法院": "珠海中院",
                              "案号": "（2026）粤04执9号", "立案时间": "2026-10-01",
                              "执行依据文号": "（2025）粤04民初9号", "做出执行依据单位": "珠海中院",
                              "生效法律文书确定的义务": "还款", "被执行人的履行情况": "未履行",
                              "失信被执行人行为具体情形": "拒不履行", "发布时间": "2026-10-10"},
                   Submission("ZYFY", "court_dishonest_debtor", "push", "test", "推送"))
    answer = firm.client.get(f"/api/v1/subjects/{PERSON_ID}/report.pdf")
    unknown = firm.client.get("/api/v1/subjects/11010519491231002X/report.pdf")
    assert answer.status_code == unknown.status_code == 404, "a person's report does not even tell that they exist"
    _html(firm.client)
    _html(firm.client, audience="subject", headers=firm.subject)
    with platform.db.session() as session:
        rows = session.execute(select(IssuedReport.audience, IssuedReport.format, IssuedReport.requested_by,
                                      IssuedReport.record_count).order_by(IssuedReport.id)).all()
    assert rows == [("public", "html", "public", 6), ("subject", "html", "account:jia", 10)]
