"""What a report says, gathered through the one disclosure policy: nothing here decides visibility.

The archive is loaded as the report's viewer may see it (the public, the subject itself, or a third
party using an authorisation) and its catalog tabs are laid out in the sections of the layout. The
cover's tags and the advice read what the public sees today, so they mean the same on every version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import PUBLIC, Audience, Viewer
from xinyong.authorisations.models import Authorisation
from xinyong.disclosure import DisclosurePolicy
from xinyong.platform import Platform
from xinyong.querylog.models import QueryLogEntry
from xinyong.querylog.service import queries
from xinyong.records.archive import Entry, Tab, family, load_archive
from xinyong.records.models import Record
from xinyong.reports.layout import Condition, Layout, Section, Tag
from xinyong.subjects.describe import STATUS_LABELS, basic_information, shown_code
from xinyong.subjects.models import Subject, SubjectKind

AUDIENCE_LABELS = {Audience.PUBLIC: "公开版", Audience.SUBJECT: "本人版", Audience.THIRD_PARTY: "授权查询版"}


@dataclass
class SectionContent:
    number: int
    section: Section
    tabs: list[Tab] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(tab.count for tab in self.tabs)


@dataclass
class ReportContent:
    number: str
    issued_at: datetime
    audience: Audience
    subject: Subject
    code: str
    basic: list[tuple[str, str]]
    status: str
    tags: list[Tag]
    layout: Layout
    sections: list[SectionContent]
    local_entries: list[Entry]
    lookers: Sequence[QueryLogEntry]
    authorisation: Authorisation | None
    grantee: str
    issuer: str
    verify_url: str
    catalog_version: str

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS[self.audience]

    @property
    def edition(self) -> str:
        return "自然人" if self.subject.kind == SubjectKind.PERSON else "法人和非法人组织"

    @property
    def record_count(self) -> int:
        return sum(section.count for section in self.sections)


def public_counts(session: Session, policy: DisclosurePolicy, subject: Subject, today: date) -> dict[str, int]:
    """Records the public sees today, per catalog item: what the tags and the advice rest on."""
    where = policy.where(PUBLIC, today, subject.id) & Record.subject_id.in_(family(session, subject))
    return dict(session.execute(select(Record.item_id, func.count()).where(where).group_by(Record.item_id)).all())


def holds(condition: Condition, counts: dict[str, int], platform: Platform) -> bool:
    for item_id, count in counts.items():
        item = platform.catalog.item(item_id)
        if count and item.category in condition.categories and condition.item_class in (None, item.item_class):
            return True
    return False


def verify_url(platform: Platform, number: str) -> str:
    return f"{platform.settings.public_base_url.rstrip('/')}/reports/{number}/verify"


def build_content(session: Session, platform: Platform, viewer: Viewer, subject: Subject, *, number: str,
                  issued_at: datetime, authorisation: Authorisation | None = None, grantee: str = "") -> ReportContent:
    """The report of ``subject`` as ``viewer`` (already the report's audience) may see it."""
    today = issued_at.date()
    layout = platform.report_layouts.on(today)
    policy = DisclosurePolicy(platform.catalog)
    archive = load_archive(session, platform.catalog, policy, viewer, subject, today,
                           per_item=platform.settings.report_records_per_item)
    by_category: dict[str, list[Tab]] = {}
    for tab in archive.tabs:
        by_category.setdefault(tab.item.category, []).append(tab)
    counts = public_counts(session, policy, subject, today)
    sections = []
    for number_in_order, section in enumerate(layout.sections, 1):
        content = SectionContent(number_in_order, section,
                                 [tab for code in section.categories for tab in by_category.get(code, [])])
        if section.kind == "advice":
            content.lines = [a.text for a in layout.advice if holds(a.when, counts, platform)]
            content.lines.append(layout.advice_default)
        elif section.kind == "local":
            content.lines = list(layout.local_notes)
        sections.append(content)
    marked = [entry for tab in archive.tabs for entry in tab.entries if set(entry.marks) & set(layout.local_marks)]
    own = viewer.audience is Audience.SUBJECT
    return ReportContent(
        number=number, issued_at=issued_at, audience=viewer.audience, subject=subject, code=shown_code(subject),
        basic=basic_information(subject), status=STATUS_LABELS.get(subject.status, ""),
        tags=[tag for tag in layout.tags if holds(tag.when, counts, platform)], layout=layout,
        sections=sections, local_entries=marked,
        lookers=queries(session, subject_id=subject.id, limit=50) if own else (),
        authorisation=authorisation, grantee=grantee, issuer=platform.settings.report_issuer,
        verify_url=verify_url(platform, number), catalog_version=platform.catalog.version)
