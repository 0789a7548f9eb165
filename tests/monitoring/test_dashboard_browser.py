"""The dashboard in real headless Chromium, on the sample city: charts drawn, grades by district and
sector, alerts raised; and a subject's grade page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from rich.progress import Progress

from tests.browser_support import LiveServer
from xinyong.platform import Platform
from xinyong.sample.accounts import DEMO_PASSWORD, OFFICE
from xinyong.sample.build import build_sample_city


@pytest.fixture
def city(platform: Platform) -> Platform:
    with Progress(disable=True) as progress:
        build_sample_city(platform, 1500, 2026, progress)
    return platform


@pytest.mark.browser
def test_the_office_dashboard_renders_real_data_in_chromium(city: Platform, live_server: LiveServer, browser,
                                                            screenshot) -> None:
    served = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(f"{served}/monitoring")
    assert "/login" in page.url
    page.fill("#username", OFFICE[0])
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{served}/monitoring")
    page.wait_for_selector("#panel-grades_region svg")
    charts = page.locator(".panel svg")
    assert charts.count() >= 5
    for panel in ("records", "grades_region", "grades_industry", "quality"):
        bars = page.locator(f"#panel-{panel} svg rect[height]")
        heights = [float(bars.nth(i).get_attribute("height")) for i in range(bars.count())]
        assert sum(h > 1 for h in heights) >= 3, f"{panel} draws bars"
        box = page.locator(f"#panel-{panel} svg").bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150, f"{panel} chart is visible"
    districts = page.locator("#panel-grades_region tbody tr").all_inner_texts()
    assert any("香洲区" in row for row in districts) and any("斗门区" in row for row in districts)
    assert page.locator("#panel-grades_industry tbody tr").count() >= 8
    alerts = page.locator("#panel-alerts").inner_text()
    assert "部门停报" in alerts and "珠海市文化广电旅游体育局" in alerts and "信用等级大幅下降" in alerts
    assert "异议处理" in page.locator("#panel-turnaround").inner_text()
    screenshot(page, "monitoring-dashboard")

    page.goto(f"{served}/supervision")
    assert page.locator("section.card").count() == 2
    page.click("text=抽中名单 >> nth=0")
    screenshot(page, "supervision-tasks")
    first = page.locator("section.card li").first.inner_text()
    code = first.split("（")[1].rstrip("）")
    page.goto(f"{served}/subjects/{code}/grade?purpose=双随机抽查")
    assert page.locator(".grade strong").inner_text() in ("A", "B", "C", "D")
    assert page.locator("table.explain tr").count() >= 15
    screenshot(page, "subject-grade")
    page.close()
