"""A small city for screening: firms on lists (with their legal representatives), a red-list
firm, a clean firm, a branch office that looks like a listed firm, namesakes; departments and the
credit office with API tokens; list records pushed by the deciding departments as they decide."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.matching.matching_support import citizen_id
from tests.workflows.conftest import token
from xinyong.accounts.models import Role
from xinyong.clock import CHINA
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.platform import Platform
from xinyong.screening.following import follow_lists
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.models import SubjectKind
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry
from xinyong.web.app import create_app

WANG = citizen_id("44040219850312123")  # legal representative of the listed firm
ZHANG = citizen_id("44040219900501683")  # a person listed himself, shown as 4404**********6833
ZHANG_OTHER = citizen_id("44040219880716125")

FIRMS = {
    "huaxin": SubjectEntry(name="珠海市华信电子科技有限公司", code="91350100M000100Y43", legal_rep="王建国",
                           legal_rep_code=WANG, region_code="440402"),
    "branch": SubjectEntry(name="珠海市华信电子科技有限公司斗门分公司", code="91110108551385082Q",
                           legal_rep="王建国", region_code="440403"),
    "huacheng": SubjectEntry(name="珠海市华诚电子科技有限公司", code="91110000600037341L", legal_rep="李强",
                             region_code="440402"),
    "hengda": SubjectEntry(name="珠海市恒达物流有限公司", code="911101066976941872", legal_rep="赵六",
                           region_code="440404"),
    "supplier": SubjectEntry(name="珠海市远航建材有限公司", code="91110000101623741K", legal_rep="陈明",
                             region_code="440402"),
}
PEOPLE = {"zhang": SubjectEntry(name="张伟", code=ZHANG, kind=SubjectKind.PERSON),
          "zhang_other": SubjectEntry(name="张伟", code=ZHANG_OTHER, kind=SubjectKind.PERSON)}


def court_listing(name: str, code: str = "", person_id: str = "", case: int = 1, published: str = "2026-03-02",
                  legal_rep: str = "") -> dict[str, Any]:
    return {"失信被执行人姓名/名称": name, "统一社会信用代码/组织机构代码": code, "身份证号码": person_id,
            "法定代表人或者负责人姓名": legal_rep, "执行法院": "广东省珠海市中级人民法院",
            "案号": f"（2025）粤04执{case}号", "立案时间": "2024-09-01", "执行依据文号": f"（2024）粤04民初{case}号",
            "做出执行依据单位": "广东省珠海市中级人民法院", "生效法律文书确定的义务": "支付货款及利息",
            "被执行人的履行情况": "全部未履行", "失信被执行人行为具体情形": "违反财产报告制度", "发布时间": published}


@dataclass
class City:
    platform: Platform
    client: TestClient
    ids: dict[str, int]
    czj: dict[str, str]
    scjgj: dict[str, str]
    office: dict[str, str]

    def at(self, *when: int) -> None:
        self.platform.clock.set(datetime(*when, tzinfo=CHINA))  # type: ignore[attr-defined]

    def push(self, department: str, item: str, *records: dict[str, Any]) -> None:
        summary = ingest_records(self.platform, list(records), Submission(department, item, "push", "test", "推送"))
        assert summary.rejected == 0, summary
        follow_lists(self.platform)

    def screen(self, scenario: str, *subjects: dict[str, Any], headers: dict[str, str] | None = None,
               matter: str = "资格审查") -> dict[str, Any]:
        answer = self.client.post("/api/v1/screenings", headers=headers or self.czj,
                                  json={"scenario": scenario, "matter": matter, "subjects": list(subjects)})
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture
def city(platform: Platform) -> Iterator[City]:
    vault = PersonIdVault(platform.keys)
    with platform.db.session() as session:
        registry = Registry(session, vault, now=platform.clock.now(), origin="test")
        entries = {**FIRMS, **PEOPLE}
        results = registry.register_many(entries.values())
        ids = {key: r.subject_id for key, r in zip(entries, results, strict=True)}
    with platform.db.session() as session:
        ids["wang"] = find_subject(session, vault, WANG).id
    client = TestClient(create_app(platform))
    yield City(platform, client, ids, token(platform, "czj", Role.DEPARTMENT, department_code="CZJ"),
               token(platform, "scjgj", Role.DEPARTMENT, department_code="SCJGJ"),
               token(platform, "office", Role.OFFICE))
    client.close()
