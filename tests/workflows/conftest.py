"""A small city for the workflows: a firm with penalties from the environment bureau, accounts for
the credit office, two departments and the firm, all driven over real HTTP through the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.collection.penalties import penalty, write_csv
from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account, issue_token
from xinyong.clock import CHINA
from xinyong.collection.journal import about_records, named_records
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.events.models import Event
from xinyong.platform import Platform
from xinyong.records.models import Record
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.app import create_app

FIRM = "91350100M000100Y43"
PENALTY = Submission("STHJJ", "administrative_penalty", "cli", "test", "处罚.csv")


@dataclass
class City:
    platform: Platform
    client: TestClient
    office: dict[str, str]
    sthjj: dict[str, str]
    swj: dict[str, str]
    firm: dict[str, str]
    firm_id: int
    folder: Path

    def penalties(self, *rows: list[str]) -> None:
        """Ingest 行政处罚 rows of the environment bureau now (see tests/collection/penalties.py)."""
        ingest_file(self.platform, write_csv(self.folder / f"p{len(list(self.folder.iterdir()))}.csv", list(rows)),
                    PENALTY)

    def record_id(self, document_no: str) -> int:
        with self.platform.db.session() as session:
            return session.scalar(select(Record.id).where(Record.document_no == document_no))

    def at(self, *when: int) -> None:
        self.platform.clock.set(datetime(*when, tzinfo=CHINA))  # type: ignore[attr-defined]

    def public_documents(self) -> set[str]:
        answer = self.client.get(f"/api/v1/subjects/{FIRM}").json()
        return {r["document_no"] for item in answer["items"] for r in item["records"]}


def token(platform: Platform, username: str, role: Role, **extra: object) -> dict[str, str]:
    with platform.db.session() as session:
        account = create_account(session, username=username, display_name=f"{username}用户", role=role,
                                 password="password1", now=platform.clock.now(), created_by="test", **extra)
        value, _ = issue_token(session, account, "test", platform.clock.now())
    return {"Authorization": f"Bearer {value}"}


@pytest.fixture
def make_city(platform: Platform, tmp_path: Path) -> Callable[..., City]:
    def make(*rows: list[str]) -> City:
        ingest_file(platform, write_csv(tmp_path / "first.csv", list(rows) or [penalty("珠海市甲公司", FIRM, 1)]),
                    PENALTY)
        with platform.db.session() as session:
            firm = find_subject(session, PersonIdVault(platform.keys), FIRM)
            assert firm is not None
            firm_id = firm.id
        folder = tmp_path / "more"
        folder.mkdir()
        return City(platform, TestClient(create_app(platform)), token(platform, "office", Role.OFFICE),
                    token(platform, "sthjj", Role.DEPARTMENT, department_code="STHJJ"),
                    token(platform, "swj", Role.DEPARTMENT, department_code="SWJ"),
                    token(platform, "jia", Role.SUBJECT, subject_id=firm_id), firm_id, folder)

    return make


def events(platform: Platform, prefix: str) -> list[tuple[str, str, int | None, datetime]]:
    """(kind, actor, subject, when) of the journal's events whose kind starts with ``prefix``."""
    with platform.db.session() as session:
        rows = session.execute(select(Event.kind, Event.actor, Event.subject_id, Event.occurred_at)
                               .where(Event.kind.startswith(prefix)).order_by(Event.id))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def record_events(platform: Platform, subject_id: int) -> list[tuple[str, str]]:
    """(kind, actor) of the journal's events about collected records of a subject, once per record named."""
    with platform.db.session() as session:
        rows = session.execute(select(Event.kind, Event.actor, Event.object_ref, Event.subject_id, Event.payload)
                               .where(about_records()).order_by(Event.id)).all()
    return [(kind, actor) for kind, actor, ref, subject, payload in rows
            for _, named in named_records(kind, ref, subject, payload) if named == subject_id]
