"""The sample city's reports step: authorisations (one used, one expired) and issued reports."""

from __future__ import annotations

from rich.progress import Progress
from sqlalchemy import select

from xinyong.accounts.viewer import Audience
from xinyong.authorisations.models import Authorisation
from xinyong.authorisations.service import status_of, uses_of
from xinyong.platform import Platform
from xinyong.reports.audit import audit_reports
from xinyong.reports.models import IssuedReport
from xinyong.sample.accounts import accounts_step
from xinyong.sample.build import SampleCity, ledger_step, subjects_step
from xinyong.sample.reports import reports_step


def test_the_sample_city_shows_authorisations_and_reports(platform: Platform) -> None:
    city = SampleCity(seed=3, size=200)
    with Progress(disable=True) as progress:
        for step in (subjects_step, accounts_step, reports_step, ledger_step):
            step(platform, city, progress)
    today = platform.clock.today()
    with platform.db.session() as session:
        authorisations = session.scalars(select(Authorisation).order_by(Authorisation.valid_from)).all()
        assert [status_of(a, today) for a in authorisations] == ["已过期", "有效"]
        assert [len(uses_of(session, a)) for a in authorisations] == [0, 1]
        audiences = session.scalars(select(IssuedReport.audience).order_by(IssuedReport.issued_at)).all()
        assert audiences == [Audience.THIRD_PARTY, Audience.PUBLIC, Audience.SUBJECT]
        assert audit_reports(session) == []
