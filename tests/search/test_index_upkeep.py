"""The index follows the registry: renames, merges, splits and code corrections show in search at once."""

from __future__ import annotations

import random

from alembic import command
from sqlalchemy import func, select

from xinyong.db.migrate import alembic_config, current_revision, head_revision, upgrade
from xinyong.identifiers import org_code_check_char, uscc_check_char
from xinyong.platform import Platform
from xinyong.search.index import rebuild_index
from xinyong.search.models import SearchGram, SearchKey
from xinyong.search.normalise import ROLE_OFFSETS, search_key
from xinyong.search.service import search
from xinyong.subjects import corrections
from xinyong.subjects.models import SubjectKind
from xinyong.subjects.registry import SubjectEntry


def found(platform: Platform, q: str) -> list[tuple[str, str, str]]:
    """Every (code, name, match) the query finds, through all its pages."""
    with platform.db.session() as session:
        hits, page = [], 1
        while True:
            result = search(session, q, page=page, page_size=100, page_size_max=100, cap=1000)
            hits += [(h.code, h.name, h.match) for h in result.hits]
            if not result.has_more:
                return hits
            page += 1


def judgement(platform: Platform) -> corrections.Judgement:
    return corrections.Judgement(actor="王科长", reason="经核对营业执照", at=platform.clock.now())


def test_a_rename_by_the_registration_authority_keeps_the_old_name_findable(platform: Platform, register) -> None:
    register(SubjectEntry(name="珠海市宏图装饰工程有限公司", code="91440404123456788L"))
    register(SubjectEntry(name="珠海市恒达建筑工程有限公司", code="91440404123456788L"))
    assert found(platform, "恒达") == [("91440404123456788L", "珠海市恒达建筑工程有限公司", "substring")]
    assert found(platform, "宏图装饰") == [("91440404123456788L", "珠海市恒达建筑工程有限公司", "former_name")]


def test_a_name_only_observed_by_another_source_is_not_searchable(platform: Platform, register) -> None:
    register(SubjectEntry(name="珠海市恒达建筑工程有限公司", code="91440404123456788L"))
    register(SubjectEntry(name="珠海市某某餐饮店", code="91440404123456788L"), authoritative=False)
    assert found(platform, "餐饮") == []


def test_a_merged_subject_is_found_as_its_survivor_and_comes_back_when_unmerged(platform: Platform, register) -> None:
    survivor, duplicate = (r.subject_id for r in register(
        SubjectEntry(name="珠海市华信电子科技有限公司", code="91440400MA4UH3LX6G"),
        SubjectEntry(name="珠海华信电子科技公司", code="91440400MA4W0R6B59")))
    with platform.db.session() as session:
        corrections.merge(session, survivor, duplicate, judgement(platform))
    kept = ("91440400MA4UH3LX6G", "珠海市华信电子科技有限公司")
    assert found(platform, "华信电子") == [(*kept, "substring")]
    assert found(platform, "珠海华信电子科技公司") == [(*kept, "former_name")]
    assert found(platform, "91440400MA4W0R6B59") == [(*kept, "code")]
    assert found(platform, "MA4W0R6B") == [(*kept, "code")]
    with platform.db.session() as session:
        corrections.unmerge(session, duplicate, judgement(platform))
    assert [hit[1] for hit in found(platform, "华信电子")] == ["珠海市华信电子科技有限公司", "珠海华信电子科技公司"]


def test_a_corrected_code_is_found_and_the_wrong_one_still_leads_there(platform: Platform, register) -> None:
    [registration] = register(SubjectEntry(name="北京某某科技有限公司", code="91110000600037341N"))
    with platform.db.session() as session:
        corrections.correct_code(session, registration.subject_id, "91110000600037341L", judgement(platform))
    assert found(platform, "91110000600037341L") == [("91110000600037341L", "北京某某科技有限公司", "code")]
    assert found(platform, "91110000600037341N") == [("91110000600037341L", "北京某某科技有限公司", "old_code")]


def test_rebuild_gives_the_same_index_as_upkeep(platform: Platform, city) -> None:
    def snapshot() -> tuple[set, int]:
        with platform.db.session() as session:
            keys = set(session.execute(select(SearchKey.subject_id, SearchKey.role, SearchKey.key)))
            return keys, session.scalar(select(func.count()).select_from(SearchGram))

    kept = snapshot()
    with platform.db.session() as session:
        assert rebuild_index(session) == len(city) - 1, "every subject but the person"
    assert snapshot() == kept


def test_every_substring_finds_exactly_the_names_containing_it(platform: Platform, register) -> None:
    """Against brute force: random names over a small alphabet (so fragments repeat and overlap),
    half of them written in traditional characters, every fragment of one to four characters."""
    rng = random.Random(11)
    alphabet = "华華信恒达達珠海市有限公司贸貿易"
    codes = iter(_valid_codes(60))
    entries = {}
    for _ in range(60):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 9)))
        if search_key(name) not in {search_key(n) for n in entries.values()}:
            code = next(codes)
            entries[code] = name
    register(*(SubjectEntry(name=name, code=code, kind=SubjectKind.ORGANISATION) for code, name in entries.items()))
    fragments = {name[i:i + n] for name in entries.values() for n in range(1, 5) for i in range(len(name) - n + 1)}
    for fragment in sorted(fragments)[::3]:
        expected = {code for code, name in entries.items() if search_key(fragment) in search_key(name)}
        hits = found(platform, fragment)
        assert len(hits) == len({h[0] for h in hits}), f"{fragment}: a subject listed twice"
        assert {h[0] for h in hits} == expected, fragment


def _valid_codes(n: int) -> list[str]:
    codes = []
    for i in range(n):
        body = f"MA{i:06d}"
        first17 = "91440400" + body + org_code_check_char(body)
        codes.append(first17 + uscc_check_char(first17))
    return codes


def postings_by_kind(platform: Platform) -> tuple[int, int]:
    """(former names' bigram postings, current names' trigram postings)."""
    with platform.db.session() as session:
        former = session.scalar(select(func.count()).where(SearchGram.gram >= ROLE_OFFSETS["former"]))
        return former, session.scalar(select(func.count()).where(SearchGram.gram < 0))


def test_a_database_indexed_before_former_bigrams_and_trigrams_finds_the_same_after_the_upgrade(
        platform: Platform, register) -> None:
    register(SubjectEntry(name="珠海市宏图装饰工程有限公司", code="91440404123456788L"))
    register(SubjectEntry(name="珠海市恒达建筑工程有限公司", code="91440404123456788L"))
    # 13 characters each: 13 bigrams of the former name (the last with 0), 11 trigrams of the name.
    assert postings_by_kind(platform) == (13, 11)
    try:
        # Back to the layout of revision 0011: no trigrams, former names' postings among the current names'.
        command.downgrade(alembic_config(platform.db), "0011")
        assert postings_by_kind(platform) == (0, 0)
    finally:
        upgrade(platform.db)
    assert current_revision(platform.db) == head_revision(platform.db)
    assert postings_by_kind(platform) == (13, 11)
    renamed = ("91440404123456788L", "珠海市恒达建筑工程有限公司")
    for q, match in (("宏图装饰", "former_name"), ("宏图", "former_name"), ("宏图装", "former_name"),
                     ("恒达", "substring"), ("达建筑", "substring"), ("珠海市恒", "prefix")):
        assert found(platform, q) == [(*renamed, match)], q
