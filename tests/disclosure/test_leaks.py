"""A leak test: every GET route, every role — no unmasked ID number and nothing outside a role's scope.

The city holds a person fined with her full ID number, a firm with records in every disclosure
scope, and in each non-public record a marker word that must never reach a viewer whose scope
excludes it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from tests.collection.penalties import penalty, write_csv
from tests.screening.conftest import court_listing
from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account, issue_token
from xinyong.accounts.viewer import Audience, Viewer
from xinyong.catalog.pages import bases
from xinyong.collection.pipeline import Submission, ingest_file, ingest_records
from xinyong.platform import Platform
from xinyong.screening.following import follow_lists
from xinyong.screening.service import SubjectQuery, screen
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.app import create_app
from xinyong.web.routes import ROUTERS

FIRM = "91350100M000100Y43"
PERSON_ID = "110105195001010039"
SHARED_MARK = "政务共享标记乙"  # in an enterprise_risk_class record (政务共享)
AUTHORISED_MARK = "授权查询标记丙"  # in a court_judgment record (授权查询)
PURPOSES = (None, "泄露测试")


def _city(platform: Platform, tmp_path: Path) -> dict[str, str]:
    ingest_file(platform, write_csv(tmp_path / "a.csv", [
        penalty("珠海市甲公司", FIRM, 1),
        penalty("李某某", "", 2, kind="自然人", id_number=PERSON_ID, rep=""),
    ]), Submission("STHJJ", "administrative_penalty", "cli", "t", "a.csv"))
    ingest_records(platform, {"企业名称": "珠海市甲公司", "统一社会信用代码": FIRM, "信用风险分类结果": "D",
                              "分类日期": "2026-10-31", "分类单位": SHARED_MARK},
                   Submission("SCJGJ", "enterprise_risk_class", "push", "t", "推送"))
    ingest_records(platform, {"案号": "（2026）粤04民初1号", "当事人名称": "珠海市甲公司",
                              "当事人统一社会信用代码": FIRM, "案由": "买卖合同纠纷", "裁判结果": AUTHORISED_MARK,
                              "裁判日期": "2026-10-30", "裁判法院": "广东省珠海市中级人民法院"},
                   Submission("ZYFY", "court_judgment", "push", "t", "推送"))
    ingest_records(platform, court_listing("李某某", person_id=PERSON_ID),
                   Submission("ZYFY", "court_dishonest_debtor", "push", "t", "推送"))
    ingest_records(platform, {"主体名称": "珠海市甲公司", "统一社会信用代码": FIRM, "列入事由": SHARED_MARK,
                              "列入依据": "国办发〔2020〕49号", "列入决定文号": "珠发改〔2026〕1号",
                              "列入日期": "2026-10-28", "认定部门": "珠海市发展和改革局"},
                   Submission("FGJ", "focus_list", "push", "t", "推送"))
    follow_lists(platform)
    with platform.db.session() as session:
        vault = PersonIdVault(platform.keys)
        firm = find_subject(session, vault, FIRM)
        person = find_subject(session, vault, PERSON_ID)
    department = Viewer(Audience.DEPARTMENT, username="leak.screening", display_name="环境局", department_code="STHJJ")
    screen(platform, department, "public_employment", "泄露测试",
           [SubjectQuery(name="李某某", id_number=PERSON_ID), SubjectQuery(code=FIRM)])
    return {"firm": FIRM, "firm_id": str(firm.id), "person_id": str(person.id)}


def _headers(platform: Platform, role: str, subject_id: str) -> dict[str, str]:
    if role == "public":
        return {}
    kind = {"department": Role.DEPARTMENT, "office": Role.OFFICE, "firm": Role.SUBJECT, "person": Role.SUBJECT,
            "third_party": Role.THIRD_PARTY}[role]
    extra = {"department_code": "STHJJ"} if role == "department" else {}
    if role in ("firm", "person"):
        extra = {"subject_id": int(subject_id)}
    with platform.db.session() as session:
        account = create_account(session, username=f"leak.{role}", display_name=role, role=kind, password="password1",
                                 now=platform.clock.now(), created_by="test", **extra)
        token, _ = issue_token(session, account, "leak", platform.clock.now())
    return {"Authorization": f"Bearer {token}"}


def _paths(city: dict[str, str], platform: Platform) -> list[str]:
    """Every GET route the app serves (from the one list of routers), with its parameters filled."""
    slug = next(iter(bases(platform.catalog)))
    values = {"ref": [city["firm"], f"%23{city['person_id']}"], "code": [city["firm"]],
              "item_id": ["court_judgment"], "slug": [slug], "kind": ["csv"], "index": ["0"],
              "batch_id": ["1"], "record_id": ["1"], "version_id": ["1"], "number": ["1"],
              "list_id": ["court_dishonest_debtor", "focus_list"], "screening_id": ["1"]}
    paths = []
    routes = [route for router in ROUTERS for route in router.routes]
    for route in routes:
        if not isinstance(route, APIRoute) or "GET" not in route.methods:
            continue
        if route.path in ("/docs", "/docs/oauth2-redirect", "/redoc", "/api/v1/openapi.json"):
            continue
        names = re.findall(r"{(\w+)(?::\w+)?}", route.path)
        expanded = [route.path]
        for name in names:
            expanded = [p.replace(re.search(r"{" + name + r"(?::\w+)?}", p).group(0), v)
                        for p in expanded for v in values.get(name, ["1"])]
        paths.extend(expanded)
    assert "/api/v1/subjects/{ref}" in {r.path for r in routes}
    return paths


@pytest.mark.parametrize("role", ["public", "third_party", "department", "firm", "person", "office"])
def test_no_route_leaks_an_id_number_or_out_of_scope_data(platform: Platform, tmp_path: Path, role: str) -> None:
    city = _city(platform, tmp_path)
    subject = city["firm_id"] if role == "firm" else city["person_id"]
    headers = _headers(platform, role, subject)
    client = TestClient(create_app(replace(platform, settings=platform.settings.model_copy(
        update={"rate_limit_enabled": False}))))
    seen = []
    for path in _paths(city, platform):
        for purpose in PURPOSES:
            answer = client.get(path, headers=headers, params={"purpose": purpose} if purpose else None)
            assert answer.status_code < 500, (path, answer.text[:300])
            seen.append((path, answer.text))
    everything = "\n".join(text for _, text in seen)
    assert PERSON_ID not in everything and PERSON_ID[:17] not in everything, "an ID number appeared unmasked"
    may_see_shared = role in ("department", "office", "firm")
    may_see_authorised = role in ("office", "firm")
    assert (SHARED_MARK in everything) == may_see_shared, f"{role}: 政务共享"
    assert (AUTHORISED_MARK in everything) == may_see_authorised, f"{role}: 授权查询"
