"""axe-core's WCAG 2.1 A and AA rules (labels, headings, landmarks, colour contrast…) on the search pages.

axe-core is what browser vendors' and governments' audits run; running it in real Chromium checks
the rendered page (computed colours, hidden elements) rather than the template text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry

pytestmark = pytest.mark.browser

AXE = Path(__file__).parents[1] / "data" / "axe-core" / "axe.min.js"
CODES = ["91440400MA4UH3002L", "91440400MA4UH3010F", "91440400MA4UH3029C", "91440400MA4UH30377"]


def violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


@pytest.mark.parametrize("width", [1280, 375])
def test_home_results_empty_and_error_pages_pass_axe(browser: Browser, make_live_server, width: int) -> None:
    server = make_live_server(page_size_max=2)
    platform = server.platform
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register_many(
            SubjectEntry(name=f"珠海市华信{n}号贸易有限公司", code=code) for n, code in enumerate(CODES))
    page = browser.new_page(viewport={"width": width, "height": 900})
    for path in ("/", "/search", "/search?q=华信", "/search?q=华信&page=2", "/search?q=无此名称",
                 "/search?q=" + "长" * 101):
        page.goto(server.url + path)
        assert violations(page) == [], path
    page.close()
