"""The sample city's reports: the demo business authorised the bank twice (one authorisation used,
one long expired), and reports of it were issued to the bank, to the public and to itself."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.progress import Progress
from sqlalchemy import select

from xinyong.accounts.models import Account
from xinyong.accounts.viewer import PUBLIC, Audience, viewer_for
from xinyong.authorisations.documents import check_document
from xinyong.authorisations.service import Grant, grant_authorisation
from xinyong.platform import Platform
from xinyong.reports.service import ReportRequest, issue_report
from xinyong.sample.accounts import BANK, SUBJECT
from xinyong.sample.records import _at
from xinyong.subjects.models import Subject

LETTER = """<html lang="zh-CN"><body style="font-family: 'Noto Sans CJK SC'; padding: 30mm">
<h1>查询授权书</h1><p>本单位{name}（统一社会信用代码 {code}）授权{bank}自 {start} 至 {end}，
为{purpose}查询本单位的公共信用信息（授权查询版信用报告）。</p>
<p>授权单位（盖章）：{name}</p><p>日期：{start}</p></body></html>"""


def _letter(firm: Subject, grant: dict[str, Any]) -> bytes:
    # WeasyPrint takes a second to import: only a run that builds the city's letters pays for it.
    from weasyprint import HTML

    return HTML(string=LETTER.format(name=firm.name, code=firm.code, bank=BANK[1], **grant)).write_pdf()


def reports_step(platform: Platform, city: Any, progress: Progress) -> None:
    with platform.db.session() as session:
        own = session.scalar(select(Account).where(Account.username == SUBJECT))
        bank = session.scalar(select(Account).where(Account.username == BANK[0]))
        firm = session.get(Subject, own.subject_id) if own else None
    if own is None or bank is None or firm is None:
        return
    task = progress.add_task("信用报告", total=5)
    today = platform.clock.today()
    used = {"start": today - timedelta(days=20), "end": today + timedelta(days=160), "purpose": "流动资金贷款审批"}
    expired = {"start": date(today.year - 1, 3, 1), "end": date(today.year - 1, 6, 30), "purpose": "授信额度年审"}
    ids = []
    for grant in (expired, used):
        at = _at(platform, grant["start"])
        document = check_document("授权书.pdf", _letter(firm, grant),
                                  platform.settings.authorisation_document_max_bytes)
        with at.db.session() as session:
            ids.append(grant_authorisation(session, at.catalog, viewer_for(own), firm, Grant(
                bank.username, grant["purpose"], ("02", "04", "11"), grant["start"], grant["end"], document),
                now=at.clock.now()).id)
        progress.advance(task)
    ref = f"#{firm.id}"
    issue_report(_at(platform, used["start"] + timedelta(days=10)), viewer_for(bank),
                 ReportRequest(ref, Audience.THIRD_PARTY, ids[1], via="sample"))
    progress.advance(task)
    issue_report(_at(platform, today - timedelta(days=5)), PUBLIC, ReportRequest(ref, via="sample"))
    progress.advance(task)
    issue_report(_at(platform, today - timedelta(days=2)), viewer_for(own),
                 ReportRequest(ref, Audience.SUBJECT, via="sample"))
    progress.advance(task)
