"""One objection and one repair driven through the portal's pages in real headless Chromium, the app
served by uvicorn on the test's platform; screenshots of each actor's page go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_support import LiveServer
from tests.collection.penalties import penalty
from tests.workflows.conftest import FIRM, City

pytestmark = pytest.mark.browser


def _signed_in(browser, base: str, username: str):
    page = browser.new_context(locale="zh-CN", viewport={"width": 1100, "height": 900}).new_page()
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", "password1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def test_an_objection_and_a_repair_through_the_portal(make_city, live_server: LiveServer, browser, screenshot,
                                                      tmp_path: Path) -> None:
    live_url = live_server.url
    city: City = make_city(penalty("珠海市甲公司", FIRM, 1, decided="2026-07-01"),
                           penalty("珠海市甲公司", FIRM, 2, decided="2026-10-20", fine="2"))
    scan = tmp_path / "缴款凭证.pdf"
    scan.write_bytes(b"%PDF-1.4 receipt")
    record = city.record_id("珠环罚〔2026〕2号")

    firm = _signed_in(browser, live_url, "jia")
    firm.goto(f"{live_url}/workflows/mine")
    assert firm.locator("form[action='/workflows/repairs']").count() == 1, "only the record past its minimum period"
    screenshot(firm, "1-subject-mine")
    article = firm.locator(f"#record-{record}")
    article.locator("summary", has_text="提出异议").click()
    article.locator("textarea[name=reason]").fill("罚款金额应为 0.5 万元")
    article.locator("select[name=proposed_field]").select_option(label="罚款金额（万元）：2 万元")
    article.locator("input[name=proposed_value]").fill("0.5")
    article.locator("input[name=files]").set_input_files(str(scan))
    article.locator("button", has_text="提交异议").click()
    firm.wait_for_url("**/objections/*")
    assert "已提交，待受理" in firm.content() and "2026-11-25" in firm.content()
    screenshot(firm, "2-objection-submitted")
    objection_url = firm.url

    office = _signed_in(browser, live_url, "office")
    office.goto(f"{live_url}/workflows/office")
    assert "待受理的异议（1）" in office.content()
    screenshot(office, "3-office-overview")
    office.goto(objection_url)
    office.locator("button", has_text="受理并转").click()
    office.wait_for_load_state()
    assert "报送部门核实中" in office.content()

    bureau = _signed_in(browser, live_url, "sthjj")
    bureau.goto(f"{live_url}/workflows/queue")
    screenshot(bureau, "4-department-queue")
    assert "待核实的异议（1）" in bureau.content() and "2026-12-07" in bureau.content()
    screenshot(bureau, "4-department-queue")
    bureau.goto(objection_url)
    bureau.select_option("#outcome", "corrected")
    bureau.fill("#decide-note", "经核实录入有误，予以更正")
    bureau.locator("button", has_text="提交核实结论").click()
    bureau.wait_for_load_state()
    assert "核实有误，已更正" in bureau.content() and "0.5 万元" in bureau.content()
    screenshot(bureau, "5-objection-corrected")

    firm.goto(f"{live_url}/workflows/mine")
    form = firm.locator("form[action='/workflows/repairs']")
    form.locator("textarea[name=statement]").fill("已缴清罚款并完成整改")
    for name in ("penalty_performed", "corrected", "commitment"):
        form.locator(f"input[name={name}]").check()
    form.locator("input[name=evidence]").set_input_files(str(scan))
    form.locator("button", has_text="申请信用修复").click()
    firm.wait_for_url("**/repairs/*")
    assert "待认定部门决定" in firm.content()
    repair_url = firm.url

    bureau.goto(repair_url)
    bureau.select_option("#decision", "approve")
    bureau.fill("#note", "已履行处罚并完成整改")
    bureau.locator("button", has_text="作出决定").click()
    bureau.wait_for_load_state()
    firm.goto(repair_url)
    assert "准予信用修复" in firm.content() and "决定书" in firm.content()
    screenshot(firm, "6-repair-approved")
    firm.goto(f"{live_url}/api/v1/repairs/{repair_url.rsplit('/', 1)[1]}/decision.html")
    assert "信用修复决定书" in firm.content()
    screenshot(firm, "7-decision-document")
    firm.goto(f"{live_url}/outbox")
    assert "准予信用修复" in firm.content()
    screenshot(firm, "8-outbox")
    public = browser.new_page()
    public.goto(f"{live_url}/subjects/{FIRM}")
    shown = public.locator("article.record h3").all_inner_texts()
    assert any("珠环罚〔2026〕2号" in h for h in shown)
    assert not any("行政处罚信息 · 珠环罚〔2026〕1号" in h for h in shown), "repaired: no longer public"
    screenshot(public, "9-public-subject-page")
