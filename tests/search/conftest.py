"""Subjects to search for, registered through the registry like every other source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from xinyong.platform import Platform
from xinyong.subjects.models import SubjectKind
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registration, Registry, SubjectEntry
from xinyong.web.app import create_app

#: Real-shaped subjects: valid codes, a renamed company, a 繁體 name, an old-code-only shop, a person.
SUBJECTS = [
    SubjectEntry(name="珠海市华信电子科技有限公司", code="91440400MA4UH3LX6G"),
    SubjectEntry(name="珠海华信物流有限公司", code="91440402MA5ABCDE50"),
    SubjectEntry(name="广东信华律师事务所", code="31440000MD0123454E"),
    SubjectEntry(name="珠海市恒达建筑工程有限公司", code="91440404123456788L",
                 former_names=("珠海市宏图装饰工程有限公司",), old_codes=("440404000123450",)),
    SubjectEntry(name="臺灣華信貿易（珠海）有限公司", code="91440400MA4W0R6B59"),
    SubjectEntry(name="香洲区王伟小吃店", code="92440402MA4X1Y2W7J", kind=SubjectKind.INDIVIDUAL_BUSINESS),
    SubjectEntry(name="华信", code="91440400MA53JC2P2Q"),
    SubjectEntry(name="张华信", code="11010519491231002X", kind=SubjectKind.PERSON),
]


@pytest.fixture
def register(platform: Platform) -> Callable[..., list[Registration]]:
    def register(*entries: SubjectEntry, authoritative: bool = True) -> list[Registration]:
        with platform.db.session() as session:
            registry = Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test",
                                authoritative=authoritative)
            return registry.register_many(entries)

    return register


@pytest.fixture
def city(register: Callable[..., list[Registration]]) -> dict[str, Registration]:
    """The sample subjects, by name."""
    return {r.entry.name: r for r in register(*SUBJECTS)}


@pytest.fixture
def make_client(platform: Platform) -> Callable[..., TestClient]:
    """Real HTTP through the app, on this platform with some settings changed."""

    def make_client(**settings: object) -> TestClient:
        return TestClient(create_app(replace(platform, settings=platform.settings.model_copy(update=settings))))

    return make_client


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(rate_limit_enabled=False)
