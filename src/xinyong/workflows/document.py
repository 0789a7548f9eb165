"""The repair decision document (信用修复决定书 / 不予信用修复决定书): printable HTML, and PDF through
WeasyPrint with the Debian Noto CJK fonts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xinyong.errors import Conflict, UserError
from xinyong.platform import Platform
from xinyong.records.models import Record
from xinyong.subjects.describe import shown_code
from xinyong.subjects.models import Subject
from xinyong.web.templating import templates
from xinyong.workflows.models import RepairApplication, RepairStatus
from xinyong.workflows.repairs import EFFECTS
from xinyong.workflows.steps import local_day


def decision_html(session: Session, platform: Platform, application: RepairApplication) -> str:
    if application.decided_at is None:
        raise Conflict(f"申请 {application.number} 尚未作出决定，没有决定书")
    record = session.get_one(Record, application.record_id)
    subject = session.get_one(Subject, application.subject_id)
    catalog = platform.catalog
    return templates.env.get_template("workflows/decision.html").render(
        application=application, approved=application.status == RepairStatus.APPROVED.value,
        subject=subject, code=shown_code(subject), record=record, item=catalog.item(record.item_id),
        department=catalog.department(application.department_code), effects=EFFECTS,
        decided_on=local_day(application.decided_at), applied_on=local_day(application.applied_at),
        verify_url=f"{platform.settings.public_base_url}/repairs/{application.id}")


def decision_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML  # imported on use: it loads Pango and the fonts
    except (ImportError, OSError) as error:
        raise UserError(f"PDF 生成组件不可用（{error}），请下载 HTML 版决定书打印") from None
    return HTML(string=html).write_pdf()
