"""GET /api/v1/subjects: what a member of the public finds, in which order, one page at a time."""

from __future__ import annotations

from fastapi.testclient import TestClient

from xinyong.subjects.models import SubjectKind
from xinyong.subjects.registry import SubjectEntry


def find(client: TestClient, q: str, **params: object) -> dict:
    answer = client.get("/api/v1/subjects", params={"q": q, **params})
    assert answer.status_code == 200, answer.text
    return answer.json()


def names(answer: dict) -> list[str]:
    return [r["name"] for r in answer["results"]]


def test_two_character_fragment_finds_every_name_containing_it_and_no_person(client, city) -> None:
    answer = find(client, "华信")
    # Exact name first; the names containing the fragment in the order they were registered.
    assert names(answer) == ["华信", "珠海市华信电子科技有限公司", "珠海华信物流有限公司",
                             "臺灣華信貿易（珠海）有限公司"]
    assert [r["match"] for r in answer["results"]] == ["name", "substring", "substring", "substring"]
    assert "张华信" not in names(find(client, "张华信")) and find(client, "张华信")["total"] == 0
    first = answer["results"][0]
    assert first == {"code": "91440400MA53JC2P2Q", "name": "华信", "kind": "organisation",
                     "kind_label": "法人及非法人组织", "match": "name", "url": "/subjects/91440400MA53JC2P2Q"}
    assert (answer["total"], answer["total_capped"], answer["has_more"]) == (4, False, False)


def test_traditional_and_simplified_find_each_other(client, city) -> None:
    assert "臺灣華信貿易（珠海）有限公司" in names(find(client, "台湾华信贸易"))
    assert names(find(client, "珠海華信物流")) == ["珠海华信物流有限公司"]
    assert find(client, "臺灣華信貿易（珠海）有限公司")["results"][0]["match"] == "name"


def test_one_character_and_words_across_the_whole_name(client, city) -> None:
    assert set(names(find(client, "信"))) == {"华信", "珠海华信物流有限公司", "珠海市华信电子科技有限公司",
                                              "臺灣華信貿易（珠海）有限公司", "广东信华律师事务所"}
    assert names(find(client, "律师事务所")) == ["广东信华律师事务所"]
    assert names(find(client, "小吃店")) == ["香洲区王伟小吃店"]
    assert find(client, "华信律师")["total"] == 0


def test_ranking_exact_code_then_exact_name_then_prefix_then_substring(client, register, city) -> None:
    register(SubjectEntry(name="华信通讯器材有限公司", code="91440400MA4UHBQ18A"),
             SubjectEntry(name="91440400MA53JC2P2Q贸易商行", code="91440400MA57LT4NXM"))
    answer = find(client, "华信")
    assert names(answer)[:2] == ["华信", "华信通讯器材有限公司"]
    assert [r["match"] for r in answer["results"]][:3] == ["name", "prefix", "substring"]
    by_code = find(client, "91440400MA53JC2P2Q")
    assert [(r["name"], r["match"]) for r in by_code["results"]] == [
        ("华信", "code"), ("91440400MA53JC2P2Q贸易商行", "prefix")]


def test_codes_full_partial_old_and_former_names(client, city) -> None:
    assert names(find(client, " ９１４４０４００ｍａ４ｕｈ３ｌｘ６ｇ "))[0] == "珠海市华信电子科技有限公司"
    prefix = find(client, "91440400")
    assert set(names(prefix)) == {"珠海市华信电子科技有限公司", "臺灣華信貿易（珠海）有限公司", "华信"}
    assert {r["match"] for r in prefix["results"]} == {"code"}
    body = find(client, "MA4UH3LX")
    assert [(r["name"], r["match"]) for r in body["results"]] == [("珠海市华信电子科技有限公司", "code")]
    old = find(client, "440404000123450")
    assert [(r["name"], r["match"]) for r in old["results"]] == [("珠海市恒达建筑工程有限公司", "old_code")]
    assert names(find(client, "12345678-8")) == ["珠海市恒达建筑工程有限公司"]
    former = find(client, "宏图装饰")
    assert [(r["name"], r["match"]) for r in former["results"]] == [("珠海市恒达建筑工程有限公司", "former_name")]


def test_a_person_is_never_found_even_by_id_number(client, city) -> None:
    for q in ("11010519491231002X", "110105194912310", "张华信"):
        assert find(client, q)["results"] == []


def test_pages_cover_every_match_once_and_the_count_stops_at_the_cap(make_client, register) -> None:
    register(*(SubjectEntry(name=f"珠海市华信{n:02d}号贸易有限公司", code=code) for n, code in enumerate(CODES)))
    client = make_client(rate_limit_enabled=False, search_count_cap=10, page_size_max=4)
    pages = [find(client, "华信", page=p, page_size=4) for p in (1, 2, 3)]
    seen = [name for page in pages for name in names(page)]
    assert len(seen) == len(set(seen)) == 10
    assert [page["has_more"] for page in pages] == [True, True, False]
    assert all(page["total"] is None and page["total_capped"] for page in pages)
    beyond = client.get("/api/v1/subjects", params={"q": "华信", "page": 4, "page_size": 4})
    assert beyond.status_code == 400 and "最多显示前 10 条结果" in beyond.json()["message"]
    small = find(client, "华信00号")
    assert (small["total"], small["total_capped"], small["has_more"]) == (1, False, False)


def test_a_two_character_count_up_to_the_cap_takes_in_former_names_and_leaves_out_people(make_client,
                                                                                         register) -> None:
    register(*(SubjectEntry(name=f"珠海市华信{n:02d}号贸易有限公司", code=code) for n, code in enumerate(CODES[:9])),
             SubjectEntry(name="珠海市恒达建筑工程有限公司", code=CODES[9],
                          former_names=("珠海市华信装饰工程有限公司",)),
             SubjectEntry(name="张华信", code="11010519491231002X", kind=SubjectKind.PERSON))
    client = make_client(rate_limit_enabled=False, search_count_cap=10, page_size_max=4)
    counted = find(client, "华信", page_size=4)
    assert (counted["total"], counted["total_capped"]) == (10, False)
    register(SubjectEntry(name="珠海市华信10号贸易有限公司", code=CODES[10]))
    counted = find(client, "华信", page_size=4)
    assert (counted["total"], counted["total_capped"]) == (None, True)


def test_a_count_beyond_the_page_is_exact_and_counts_each_subject_once(client, register, city) -> None:
    # Found twice, by its name and by its former name: counted once, shown once, at its best match.
    register(SubjectEntry(name="珠海华信建材有限公司", code="91440400MA4UHBQ18A", former_names=("珠海市华信建材厂",)))
    pages = [find(client, "华信", page=p, page_size=2) for p in (1, 2, 3)]
    assert [(page["total"], page["total_capped"], page["has_more"]) for page in pages] == [
        (5, False, True), (5, False, True), (5, False, False)]
    shown = [(r["name"], r["match"]) for page in pages for r in page["results"]]
    assert len(shown) == 5 and ("珠海华信建材有限公司", "substring") in shown


def test_bad_queries_get_a_chinese_message(client, city) -> None:
    cases = {
        (("q", "  "),): "请输入要查询的主体名称或统一社会信用代码",
        (("q", "华" * 101),): "查询内容过长：最多 100 个字符，现有 101 个",
        (("q", "华信\x00"),): "控制字符",
        (("q", "华信"), ("page_size", "101")): "每页条数应在 1 到 100 之间",
        (("q", "华信"), ("page", "0")): "页码应为 1 或更大的整数",
    }
    for params, message in cases.items():
        answer = client.get("/api/v1/subjects", params=dict(params))
        assert answer.status_code == 400 and message in answer.json()["message"], answer.text
    typo = client.get("/api/v1/subjects", params={"q": "华信", "page": "二"})
    assert typo.status_code == 422 and typo.json()["message"] == "请求参数有误 — page: 应为整数"


# Valid USCCs (check characters computed with the GB 32100 algorithm) for the paging test.
CODES = [
    "91440400MA4UH3002L", "91440400MA4UH3010F", "91440400MA4UH3029C", "91440400MA4UH30377", "91440400MA4UH30452",
    "91440400MA4UH3053W", "91440400MA4UH3061P", "91440400MA4UH307XF", "91440400MA4UH3088F", "91440400MA4UH3096A",
    "91440400MA4UH31090",
]
