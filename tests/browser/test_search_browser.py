"""In real Chromium: search from the home page, read the ranked results, follow one; on a phone too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry

pytestmark = pytest.mark.browser

SUBJECTS = [
    SubjectEntry(name="珠海市华信电子科技有限公司", code="91440400MA4UH3LX6G"),
    SubjectEntry(name="珠海华信物流有限公司", code="91440402MA5ABCDE50"),
    SubjectEntry(name="珠海市恒达建筑工程有限公司", code="91440404123456788L",
                 former_names=("珠海市华信装饰工程有限公司",)),
    SubjectEntry(name="臺灣華信貿易（珠海）有限公司", code="91440400MA4W0R6B59"),
    SubjectEntry(name="华信", code="91440400MA53JC2P2Q"),
]


@pytest.fixture
def server(live_server):
    platform = live_server.platform
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register_many(SUBJECTS)
    return live_server


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_two_characters_typed_on_the_home_page_find_the_subjects(browser: Browser, server, screenshot) -> None:
    page = browser.new_page()
    page.goto(server.url + "/")
    page.get_by_label("主体名称或统一社会信用代码").fill("华信")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(re.compile(r"/search\?q="))
    results = page.locator("ol.results > li")
    assert results.count() == 5
    assert results.nth(0).locator("a.name").inner_text() == "华信"
    assert results.nth(0).locator(".match").inner_text() == "名称完全匹配"
    assert results.nth(4).locator(".match").inner_text() == "曾用名匹配"
    assert "共找到" in page.get_by_role("status").inner_text()
    screenshot(page, "results")
    link = page.get_by_role("link", name="珠海市华信电子科技有限公司")
    assert link.get_attribute("href") == "/subjects/91440400MA4UH3LX6G"
    # The subject page itself belongs to the archive work; the link must lead to its address.
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.url == server.url + "/subjects/91440400MA4UH3LX6G"
    page.close()


def test_traditional_characters_typed_find_the_simplified_name(browser: Browser, server) -> None:
    page = browser.new_page()
    page.goto(server.url + "/search?q=" + "珠海華信物流")
    assert page.locator("ol.results a.name").all_inner_texts() == ["珠海华信物流有限公司"]
    page.close()


def test_a_phone_width_screen_needs_no_sideways_scrolling(browser: Browser, server, screenshot) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    for path, name in (("/", "home"), ("/search?q=华信", "results"), ("/search?q=不存在的名称", "empty")):
        page.goto(server.url + path)
        assert no_horizontal_scroll(page), path
        screenshot(page, f"phone-{name}")
    button = page.get_by_role("button", name="查询").bounding_box()
    assert button is not None and button["height"] >= 40, "a button big enough for a thumb"
    context.close()
