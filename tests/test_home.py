"""The home page shows what the registry holds and finds a subject from its search box."""

from datetime import timedelta

from fastapi.testclient import TestClient

from xinyong.platform import Platform
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry
from xinyong.web.app import create_app


def _add(platform: Platform, code: str, name: str) -> None:
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register(
            SubjectEntry(name=name, code=code))


def test_home_shows_subject_count_and_search_finds_by_code(platform: Platform) -> None:
    _add(platform, "91350100M000100Y43", "珠海市华信电子科技有限公司")
    client = TestClient(create_app(platform))
    home = client.get("/")
    assert home.status_code == 200
    assert "法人及非法人组织" in home.text and ">1<" in home.text
    found = client.get("/search", params={"q": " 91350100m000100y43 "})
    assert "珠海市华信电子科技有限公司" in found.text


def test_the_headline_figures_are_counted_again_only_when_they_are_old(platform: Platform) -> None:
    platform.settings = platform.settings.model_copy(update={"figures_cache_seconds": 300})
    client = TestClient(create_app(platform))
    _add(platform, "91350100M000100Y43", "珠海市华信电子科技有限公司")
    assert "<dt>合计</dt><dd>1</dd>" in client.get("/").text
    _add(platform, "91110000600037341L", "珠海市华诚电子科技有限公司")
    assert "<dt>合计</dt><dd>1</dd>" in client.get("/").text
    platform.clock.travel(timedelta(seconds=300))  # type: ignore[attr-defined]
    assert "<dt>合计</dt><dd>2</dd>" in client.get("/").text


def test_unknown_page_answers_in_chinese_without_traceback(platform: Platform) -> None:
    client = TestClient(create_app(platform))
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "页面不存在" in page.text
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json()["error"] == "http_404"
