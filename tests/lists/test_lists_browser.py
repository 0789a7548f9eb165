"""信用名单 in real headless Chromium: from the navigation to a list, from a listed subject to its
page and the banner above its tabs, a department signed in to the 重点关注名单 — at desktop and
phone width, with screenshots in test-artifacts/."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import violations
from tests.browser_support import LiveServer
from tests.lists.conftest import FIRM_A, FIRM_B, PERSON_ID, PERSON_MASKED, REASON, Town

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _page(browser, viewport: dict[str, int] | None = None):
    return browser.new_context(locale="zh-CN", viewport=viewport or {"width": 1100, "height": 900}).new_page()


def test_a_visitor_follows_the_lists_to_a_listed_firm(town: Town, live_server: LiveServer, browser,
                                                      screenshot) -> None:
    base = live_server.url
    page = _page(browser)
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="信用名单").click()
    page.wait_for_url(f"{base}/lists")
    assert page.get_by_role("heading", name="严重失信主体名单", exact=True).is_visible()
    assert "重点关注名单" not in page.content()
    screenshot(page, "1-lists")
    page.get_by_role("link", name="失信被执行人名单", exact=True).click()
    page.wait_for_url(f"{base}/lists/court_dishonest_debtor")
    rows = page.locator("tbody tr")
    assert rows.count() == 3 and PERSON_MASKED in rows.first.inner_text()
    screenshot(page, "2-court-list")
    page.get_by_role("link", name="珠海市甲公司").click()
    page.wait_for_load_state()
    banner = page.locator(".standing-danger")
    assert banner.get_by_role("heading", name="失信惩戒对象").is_visible()
    text = banner.inner_text()
    assert "失信被执行人名单" in text and REASON in text and "2025-06-01 至 2027-05-31" in text and "依据" in text
    assert banner.bounding_box()["y"] < page.locator("nav.tabs").bounding_box()["y"], "the banner stands above the tabs"
    screenshot(page, "3-subject-banner")
    page.get_by_role("link", name="信用名单 1").click()
    assert page.locator("#lists").is_visible()
    page.goto(f"{base}/subjects/{FIRM_B}")
    assert page.locator(".standing-good").get_by_role("heading", name="守信激励对象").is_visible()
    screenshot(page, "4-subject-red-list")
    for path in ("/lists", "/lists/court_dishonest_debtor"):
        page.goto(f"{base}{path}")
        assert PERSON_ID not in page.content() and PERSON_ID[:17] not in page.content()


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_the_pages_read_at_phone_width_and_pass_axe(town: Town, live_server: LiveServer, browser, screenshot,
                                                    viewport: dict[str, int]) -> None:
    page = _page(browser, viewport)
    for name, path in (("1-lists", "/lists"), ("2-court-list", "/lists/court_dishonest_debtor"),
                       ("3-subject", f"/subjects/{FIRM_A}"), ("4-red-list", f"/subjects/{FIRM_B}")):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{path} scrolls sideways ({width}px)"
        assert violations(page) == [], path
        screenshot(page, name)


def test_a_department_signed_in_sees_the_focus_list(town: Town, live_server: LiveServer, browser,
                                                    screenshot) -> None:
    base = live_server.url
    page = _page(browser)
    assert page.goto(f"{base}/lists/focus_list").status == 404
    page.goto(f"{base}/login")
    page.fill("#username", "swj")
    page.fill("#password", "password1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/lists")
    page.get_by_role("link", name="重点关注名单", exact=True).click()
    page.wait_for_url(f"{base}/lists/focus_list")
    assert "一年内三次抽查不合格" in page.locator("tbody").inner_text()
    screenshot(page, "focus-list")
