"""A department screens suppliers in the portal and reports back; the office sees the feedback
figures — in real headless Chromium against the app served on the test's platform."""

from __future__ import annotations

import pytest

from tests.browser_support import LiveServer
from tests.screening.conftest import FIRMS, City, court_listing
from tests.workflows.test_workflows_browser import _signed_in

pytestmark = pytest.mark.browser


def test_a_department_screens_in_the_portal_and_reports_back(city: City, live_server: LiveServer, browser,
                                                             screenshot) -> None:
    huaxin = FIRMS["huaxin"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(huaxin.name, huaxin.code))
    page = _signed_in(browser, live_server.url, "czj")
    page.goto(f"{live_server.url}/screenings")
    page.select_option("#scenario", "government_procurement")
    page.fill("#matter", "2026年第9批政府采购供应商资格审查")
    page.fill("#subjects", f"{huaxin.code}\n{FIRMS['supplier'].name}\n珠海市不存在贸易有限公司")
    page.click("button:has-text('核查')")
    page.wait_for_url("**/screenings/*")
    text = page.inner_text("main")
    assert "失信被执行人名单" in text and "拒绝其参加政府采购活动" in text and "政府采购法" in text
    assert "经核查，未发现本场景下适用的联合奖惩措施" in text and "未匹配到主体" in text
    screenshot(page, "screening-result")
    form = page.locator("#result-1 form")
    form.locator("select[name=action]").select_option("applied")
    form.locator("input[name=reason]").fill("已拒绝其参加本次采购")
    form.locator("button").click()
    page.wait_for_url("**/screenings/*")
    assert "反馈：已实施（已拒绝其参加本次采购）" in page.inner_text("#result-1")

    office = _signed_in(browser, live_server.url, "office")
    office.goto(f"{live_server.url}/screenings")
    row = office.locator("table").first.locator("tbody tr").first.inner_text()
    assert "珠海市财政局" in row and "100%" in row
    screenshot(office, "screening-office")
