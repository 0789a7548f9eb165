"""The dashboard in real headless Chromium, on the sample city: charts drawn, grades by district and
sector, alerts raised; and a subject's grade page. Screenshots go to test-artifacts/."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from rich.progress import Progress

from xinyong.platform import Platform
from xinyong.sample.accounts import DEMO_PASSWORD, OFFICE
from xinyong.sample.build import build_sample_city
from xinyong.web.app import create_app

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"


@pytest.fixture
def served(platform: Platform) -> Iterator[str]:
    with Progress(disable=True) as progress:
        build_sample_city(platform, 1500, 2026, progress)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(platform), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (make test installs it)")
def test_the_office_dashboard_renders_real_data_in_chromium(served: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
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
        assert "暂无数据" in page.locator("#panel-turnaround").inner_text()
        page.screenshot(path=str(ARTIFACTS / "monitoring-dashboard.png"), full_page=True)

        page.goto(f"{served}/supervision")
        assert page.locator("section.card").count() == 2
        page.click("text=抽中名单 >> nth=0")
        page.screenshot(path=str(ARTIFACTS / "supervision-tasks.png"), full_page=True)
        first = page.locator("section.card li").first.inner_text()
        code = first.split("（")[1].rstrip("）")
        page.goto(f"{served}/subjects/{code}/grade?purpose=双随机抽查")
        assert page.locator(".grade strong").inner_text() in ("A", "B", "C", "D")
        assert page.locator("table.explain tr").count() >= 15
        page.screenshot(path=str(ARTIFACTS / "subject-grade.png"), full_page=True)
        browser.close()
