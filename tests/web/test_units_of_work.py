"""A request's unit of work ends in the event loop only when that needs neither the disk nor the network."""

from __future__ import annotations

from sqlalchemy import func, select

from xinyong.platform import Platform
from xinyong.subjects.models import Subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry


def test_only_a_unit_that_read_from_sqlite_ends_in_place(platform: Platform) -> None:
    sqlite = platform.db.backend == "sqlite"
    with platform.db.session() as session:
        assert platform.db.ends_in_place(session) is sqlite  # nothing done yet
        assert session.scalar(select(func.count()).select_from(Subject)) == 0
        assert platform.db.ends_in_place(session) is sqlite
    with platform.db.session() as session:
        now = platform.clock.now()
        session.add(Subject(kind="organisation", category="enterprise", code_scheme="uscc", code="91440404123456788L",
                            name="珠海市恒达建筑工程有限公司", name_key="珠海市恒达建筑工程有限公司", origin="test",
                            created_at=now, updated_at=now))
        assert not platform.db.ends_in_place(session)  # waiting to be flushed
        session.flush()
        assert not platform.db.ends_in_place(session)  # a write transaction is open
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register_many(
            [SubjectEntry(name="珠海市华信电子科技有限公司", code="91440400MA4UH3LX6G")])
        assert not platform.db.ends_in_place(session)
    with platform.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Subject)) == 2
