"""The results page: ranked hits with how each matched, paging links, and a message when nothing is found."""

from __future__ import annotations

from html.parser import HTMLParser

from xinyong.subjects.registry import SubjectEntry


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value or "" for name, value in attrs if name == "href"]


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def test_results_link_to_subject_pages_and_say_how_they_matched(client, city) -> None:
    page = client.get("/search", params={"q": "宏图"})
    assert page.status_code == 200
    assert "珠海市恒达建筑工程有限公司" in page.text and "曾用名匹配" in page.text
    assert "/subjects/91440404123456788L" in links(page.text)
    assert "共找到\n    <strong>1</strong> 个主体" in page.text


def test_nothing_found_says_so_and_suggests_what_to_try(client, city) -> None:
    page = client.get("/search", params={"q": "不存在的公司"})
    assert page.status_code == 200
    assert "未找到与“不存在的公司”相符的企业、组织或个体工商户" in page.text


def test_a_long_result_list_pages_with_links(make_client, register) -> None:
    register(*(SubjectEntry(name=f"珠海市华信{n:02d}号贸易有限公司", code=code) for n, code in enumerate(CODES)))
    client = make_client(rate_limit_enabled=False, page_size_max=4, search_count_cap=8)
    first = client.get("/search", params={"q": "华信"})
    assert "/search?q=%E5%8D%8E%E4%BF%A1&page=2" in links(first.text)
    assert "8+" in first.text and "仅显示前 8 个" in first.text
    second = client.get("/search", params={"q": "华信", "page": 2})
    hrefs = links(second.text)
    assert "/search?q=%E5%8D%8E%E4%BF%A1&page=1" in hrefs and "/search?q=%E5%8D%8E%E4%BF%A1&page=3" not in hrefs
    too_far = client.get("/search", params={"q": "华信", "page": 3})
    assert too_far.status_code == 400 and "最多显示前 8 条结果" in too_far.text


def test_an_over_long_query_is_refused_on_the_page(client) -> None:
    page = client.get("/search", params={"q": "华" * 101})
    assert page.status_code == 400 and "查询内容过长" in page.text


def test_the_home_page_search_box_leads_here(client, city) -> None:
    home = client.get("/")
    assert 'action="/search"' in home.text and '<label for="q">' in home.text


CODES = [
    "91440400MA4UH3002L", "91440400MA4UH3010F", "91440400MA4UH3029C", "91440400MA4UH30377", "91440400MA4UH30452",
    "91440400MA4UH3053W", "91440400MA4UH3061P", "91440400MA4UH307XF", "91440400MA4UH3088F", "91440400MA4UH3096A",
]
