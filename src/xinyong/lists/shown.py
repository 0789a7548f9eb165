"""What one viewer sees of the credit lists today: which lists, how many entries are in force, one
list's entries, one subject's entries — for the portal pages and the API alike.

Every question joins each entry to the record it was derived from and asks the disclosure policy
about that record (``DisclosurePolicy.where``), so an entry is never shown where its record would
not be: once a record is repaired, revoked or past its publicity, its entry leaves the public's
pages at once, before the list follower has rebuilt it. ``in_force`` then drops entries whose
period ended or that were removed early, except from a subject's history for those who see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from xinyong.accounts.viewer import Viewer
from xinyong.disclosure import DisclosurePolicy
from xinyong.errors import NotFound
from xinyong.lists.model import EXIT_LABELS, CreditList, ExitReason, ListKind
from xinyong.lists.models import ListEntry, in_force
from xinyong.platform import Platform
from xinyong.records.archive import family
from xinyong.records.models import Record
from xinyong.subjects.describe import public_ref, shown_code
from xinyong.subjects.models import Subject, SubjectKind

KIND_LABELS = {ListKind.SERIOUS_DISHONESTY: "严重失信主体名单", ListKind.FOCUS: "重点关注名单",
               ListKind.ABNORMAL: "经营异常名录", ListKind.RED: "守信激励名单"}
#: What being on a list of each kind makes a subject, and the style its banner takes, in the order
#: the subject page shows them: punishment first, incentives last.
STANDINGS = {ListKind.SERIOUS_DISHONESTY: ("失信惩戒对象", "danger"), ListKind.FOCUS: ("重点关注", "warning"),
             ListKind.ABNORMAL: ("经营异常", "warning"), ListKind.RED: ("守信激励对象", "good")}


def basis_text(credit_list: CreditList) -> str:
    return "；".join(b.cite() for b in credit_list.legal_basis)


@dataclass(frozen=True)
class ShownEntry:
    credit_list: CreditList
    subject_name: str
    subject_code: str  # people's ID numbers only masked
    subject_ref: str | None  # None: no page to link to (not matched to a subject, or a person's)
    reason: str
    entered_on: date
    ends_on: date | None  # the first day the period no longer covers (None: until removed)
    exited_on: date | None  # the first day after an early exit
    left_on: date | None  # whichever of the two comes first
    exit_label: str | None  # how it left, once it has
    department: str
    document_no: str | None

    @property
    def listed(self) -> bool:
        return self.exit_label is None

    @property
    def basis(self) -> str:
        return basis_text(self.credit_list)

    @property
    def last_day(self) -> date | None:
        """The last day it is (or was) listed; None: until removed."""
        return self.left_on - timedelta(days=1) if self.left_on else None

    def period(self) -> str:
        """The days it is (or was) listed, both ends included, as the portal says them."""
        return f"{self.entered_on} 起至移出为止" if self.last_day is None else f"{self.entered_on} 至 {self.last_day}"

    def state(self) -> str:
        """在列, or how and when it left, as the portal says it."""
        return "在列" if self.exit_label is None else f"已移出（{self.exit_label}，{self.left_on}）"

    def as_dict(self) -> dict[str, Any]:
        return {"list": self.credit_list.id, "list_name": self.credit_list.name,
                "subject": {"name": self.subject_name, "code": self.subject_code,
                            "url": f"/subjects/{self.subject_ref}" if self.subject_ref else None},
                "reason": self.reason, "entered_on": self.entered_on.isoformat(),
                "ends_on": self.ends_on.isoformat() if self.ends_on else None,
                "exited_on": self.exited_on.isoformat() if self.exited_on else None, "exit": self.exit_label,
                "department": self.department, "document_no": self.document_no,
                "legal_basis": [b.cite() for b in self.credit_list.legal_basis]}


@dataclass(frozen=True)
class SubjectLists:
    entries: list[ShownEntry]  # newest first
    with_history: bool  # exited entries are included: the viewer sees this archive whatever the period
    # Listings of organisations that name this subject as their 法定代表人/主要负责人 (lists whose
    # rules name responsible persons only), shown as the viewer may see the organisation's record.
    as_responsible: list[ShownEntry]

    def standings(self) -> list[tuple[str, str, list[ShownEntry]]]:
        """(label, style, entries in force) for each kind of list the subject is on now."""
        found = []
        for kind, (label, style) in STANDINGS.items():
            current = [e for e in self.entries if e.listed and e.credit_list.kind is kind]
            if current:
                found.append((label, style, current))
        return found


class ListView:
    """The lists as one viewer sees them on the platform's today."""

    def __init__(self, session: Session, platform: Platform, viewer: Viewer) -> None:
        self.session, self.viewer, self.today = session, viewer, platform.clock.today()
        self.lists, self.policy = platform.lists, DisclosurePolicy(platform.catalog)
        self.departments = {d.code: d.name for d in platform.catalog.departments()}

    def visible(self) -> list[CreditList]:
        """The lists whose entries this viewer may see at all: the policy's answer for their item."""
        return [c for c in self.lists.all() if self.policy.sees_item(self.viewer, c.item, None)]

    def get(self, list_id: str) -> CreditList:
        if list_id not in self.lists or not self.policy.sees_item(self.viewer, self.lists.get(list_id).item, None):
            raise NotFound(f"没有名单“{list_id}”")
        return self.lists.get(list_id)

    def counts(self, list_id: str | None = None) -> dict[str, int]:
        """Entries in force today by list (or of one list), counting only what this viewer may see."""
        query = (select(ListEntry.list_id, func.count()).join(Record, Record.id == ListEntry.record_id)
                 .where(in_force(self.today), self.policy.where(self.viewer, self.today))
                 .group_by(ListEntry.list_id))
        if list_id is not None:
            query = query.where(ListEntry.list_id == list_id)
        return {found: count for found, count in self.session.execute(query)}

    def page(self, credit_list: CreditList, q: str | None, *, offset: int,
             limit: int) -> tuple[list[ShownEntry], bool]:
        """Entries of one list in force today, newest first; and whether more follow."""
        query = self._select().where(ListEntry.list_id == credit_list.id, in_force(self.today),
                                     self.policy.where(self.viewer, self.today))
        if q and q.strip():
            text = q.strip()
            query = query.where(or_(ListEntry.subject_name.contains(text, autoescape=True),
                                    Subject.code == text.upper()))
        rows = self._shown(query.offset(offset).limit(limit + 1))
        return rows[:limit], len(rows) > limit

    def of_subject(self, subject: Subject) -> SubjectLists:
        """The subject's entries this viewer may see; the exited ones too when the policy shows this
        viewer the subject's records whatever their period (the subject itself, the credit office)."""
        history = not self.policy.rule(self.viewer, subject.id).within_period
        ids = family(self.session, subject)
        own = self._select().where(ListEntry.subject_id.in_(ids),
                                   self.policy.where(self.viewer, self.today, subject.id))
        named = self._select().where(ListEntry.responsible_subject_id.in_(ids),
                                     or_(ListEntry.subject_id.is_(None), ListEntry.subject_id.not_in(ids)),
                                     self.policy.where(self.viewer, self.today))
        if not history:
            own, named = own.where(in_force(self.today)), named.where(in_force(self.today))
        return SubjectLists(self._shown(own), history,
                            [e for e in self._shown(named) if e.credit_list.names_responsible_persons])

    @staticmethod
    def _select() -> Select[tuple[ListEntry, Subject]]:
        return (select(ListEntry, Subject).join(Record, Record.id == ListEntry.record_id)
                .outerjoin(Subject, Subject.id == ListEntry.subject_id)
                .order_by(ListEntry.entered_on.desc(), ListEntry.id.desc()))

    def _shown(self, query: Select[tuple[ListEntry, Subject]]) -> list[ShownEntry]:
        # An entry of a list since taken out of lists.yaml has no rules left to show it by.
        return [self._entry(entry, subject) for entry, subject in self.session.execute(query)
                if entry.list_id in self.lists]

    def _entry(self, entry: ListEntry, subject: Subject | None) -> ShownEntry:
        left = entry.left_on()
        gone = None
        if left is not None and left <= self.today:
            gone = EXIT_LABELS[ExitReason(entry.left_because())]
        person = subject is not None and subject.kind == SubjectKind.PERSON
        return ShownEntry(
            self.lists.get(entry.list_id), subject.name if subject else entry.subject_name,
            shown_code(subject) if subject else "", None if subject is None or person else public_ref(subject),
            entry.reason, entry.entered_on, entry.ends_on, entry.exited_on, left, gone,
            self.departments.get(entry.department_code, entry.department_code), entry.document_no)
