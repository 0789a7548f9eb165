"""A small registry registered through ``Registry`` in the real database, and a matcher over it.

Imported by ``conftest.py`` (the fixture) and by the tests (the helper type).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xinyong.identifiers import citizen_id_check_char
from xinyong.matching import Matcher, MatchQuery, MatchResult, MemoryIndex
from xinyong.platform import Platform
from xinyong.subjects.models import SubjectKind
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry


def citizen_id(first17: str) -> str:
    return first17 + citizen_id_check_char(first17)


ZHANG_WEI_1 = citizen_id("32081919600501683")  # masked 3208**********6833, as in the issue
ZHANG_WEI_2 = citizen_id("44040219850312123")
ZHANG_WEI_3 = citizen_id("32080219721109683")
LI_NA = citizen_id("44040419900101002")

ORGANISATIONS = {
    "huaxin": SubjectEntry(name="珠海市华信电子科技有限公司", code="91350100M000100Y43", legal_rep="王建国",
                           region_code="440402", old_codes=("440400000123451",)),
    "huacheng": SubjectEntry(name="珠海市华诚电子科技有限公司", code="91110000600037341L", legal_rep="李强",
                             region_code="440402"),
    "huaxin_branch": SubjectEntry(name="珠海市华信电子科技有限公司斗门分公司", code="91110108551385082Q",
                                  legal_rep="王建国", region_code="440403"),
    "guangzhou_huaxin": SubjectEntry(name="广州市华信电子科技有限公司", code="91110000101623741K", legal_rep="陈明",
                                     region_code="440106"),
    "hengda": SubjectEntry(name="珠海市恒达物流有限公司", code="911101066976941872", legal_rep="赵六",
                           region_code="440404", former_names=("珠海市恒通货运有限公司",)),
    "shop": SubjectEntry(name="香洲区张伟小吃店", code="92340602MA2PBMEM24", legal_rep="张伟", region_code="440402"),
}
PEOPLE = {
    "zhang_wei_1": SubjectEntry(name="张伟", code=ZHANG_WEI_1, kind=SubjectKind.PERSON),
    "zhang_wei_2": SubjectEntry(name="张伟", code=ZHANG_WEI_2, kind=SubjectKind.PERSON),
    "zhang_wei_3": SubjectEntry(name="张伟", code=ZHANG_WEI_3, kind=SubjectKind.PERSON),
    "li_na": SubjectEntry(name="李娜", code=LI_NA, kind=SubjectKind.PERSON),
}


@dataclass
class Registered:
    platform: Platform
    ids: dict[str, int]
    index: MemoryIndex
    matcher: Matcher

    @property
    def today(self) -> date:
        return self.platform.clock.now().date()

    def match(self, **fields: object) -> MatchResult:
        return self.matcher.match(MatchQuery(**fields), self.today)

    def hit_keys(self, result: MatchResult) -> set[str]:
        names = {v: k for k, v in self.ids.items()}
        return {names[c.subject_id] for c in result.hits}


def register(platform: Platform) -> Registered:
    vault = PersonIdVault(platform.keys)
    entries = {**ORGANISATIONS, **PEOPLE}
    with platform.db.session() as session:
        done = Registry(session, vault, now=platform.clock.now(), origin="test").register_many(entries.values())
    ids = {key: d.subject_id for key, d in zip(entries, done, strict=True)}
    with platform.db.session() as session:
        index = MemoryIndex.build(session)
    return Registered(platform, ids, index, Matcher(index, vault=vault))
