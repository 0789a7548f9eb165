"""Changing a stored report, authorisation or their events in the database is detected."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, update

from tests.reports.city import FIRM, grant_form, png
from tests.reports.conftest import Firm
from tests.test_ledger_cli import Cli
from xinyong.authorisations.audit import audit_authorisations
from xinyong.authorisations.models import Authorisation, AuthorisationDocument
from xinyong.events.models import Event
from xinyong.ledger.audit import audit
from xinyong.ledger.seal import seal_pending
from xinyong.platform import Platform
from xinyong.reports.audit import audit_reports
from xinyong.reports.models import IssuedReport


@pytest.fixture
def issued(platform: Platform, firm: Firm) -> tuple[str, int]:
    """A third-party report issued under an authorisation, everything sealed."""
    today = platform.clock.today()
    granted = firm.client.post("/api/v1/authorisations", headers=firm.subject,
                               data=grant_form(valid_from=today, valid_until=today + timedelta(days=30)),
                               files={"document": ("授权书.png", png(), "image/png")}).json()["id"]
    answer = firm.client.post("/api/v1/reports", headers=firm.bank, json={
        "subject": FIRM, "audience": "third_party", "authorisation": granted, "format": "html"})
    seal_pending(platform)
    return answer.headers["X-Report-Number"], granted


def _findings(platform: Platform) -> list[str]:
    with platform.db.session() as session:
        return audit(session).findings + audit_reports(session) + audit_authorisations(session)


def test_untouched_records_pass_the_audit(platform: Platform, issued: tuple[str, int]) -> None:
    assert _findings(platform) == []


def test_a_changed_report_row_is_detected(platform: Platform, firm: Firm, issued: tuple[str, int]) -> None:
    number, _ = issued
    with platform.db.session() as session:
        session.execute(update(IssuedReport).where(IssuedReport.number == number).values(audience="public",
                                                                                          authorisation_id=None))
    findings = _findings(platform)
    assert len(findings) == 1 and number in findings[0] and "audience" in findings[0] and "authorisation" in findings[0]
    page = firm.client.get(f"/reports/{number}/verify")
    assert "出具记录与存证事件不一致" in page.text


def test_a_changed_or_deleted_event_is_detected(platform: Platform, issued: tuple[str, int]) -> None:
    number, _ = issued
    with platform.db.session() as session:
        session.execute(update(Event).where(Event.object_ref == f"report:{number}")
                        .values(payload={"number": number, "audience": "public"}))
    findings = _findings(platform)
    assert any("事件内容在入账后被改动" in f for f in findings), "the ledger sees the event changed"
    assert any(number in f and "不符" in f for f in findings), "and the row no longer matches it"
    with platform.db.session() as session:
        session.execute(delete(Event).where(Event.object_ref == f"report:{number}"))
    assert any("已不存在（被删除）" in f for f in _findings(platform))


def test_a_deleted_report_row_is_detected(platform: Platform, issued: tuple[str, int]) -> None:
    number, _ = issued
    with platform.db.session() as session:
        session.execute(delete(IssuedReport).where(IssuedReport.number == number))
    assert any(number in f and "出具记录已不存在" in f for f in _findings(platform))


def test_a_stretched_authorisation_or_swapped_document_is_detected(platform: Platform,
                                                                   issued: tuple[str, int]) -> None:
    _, granted = issued
    with platform.db.session() as session:
        session.execute(update(Authorisation).where(Authorisation.id == granted)
                        .values(valid_until=platform.clock.today() + timedelta(days=3650)))
        session.execute(update(AuthorisationDocument).values(content=b"%PDF-1.7 forged"))
    findings = _findings(platform)
    assert any(f"授权 #{granted}" in f and "valid_until" in f for f in findings)
    assert any("授权书文件缺失或被替换" in f for f in findings)


def test_reports_audit_command_fails_on_tampering(platform: Platform, issued: tuple[str, int], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("XINYONG_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("XINYONG_SECRET_DIR", str(platform.settings.secret_dir))
    cli = Cli(monkeypatch, capsys)
    saved = tmp_path / "saved.cp"
    assert cli("ledger", "checkpoint", "--out", str(saved))[0] == 0
    code, out = cli("reports", "audit", "--against", str(saved))
    assert code == 0 and "核查通过" in out, out
    with platform.db.session() as session:
        session.execute(update(IssuedReport).values(content_sha256="0" * 64))
    code, out = cli("reports", "audit", "--against", str(saved))
    assert code == 1 and "sha256" in out, out
