"""The one disclosure policy: from the catalog's scope, the record's state and periods, and the viewer.

==============  =====================================  ==========================================
viewer          catalog scopes                          records
==============  =====================================  ==========================================
public          社会公开                                approved, within the publicity period, not
                                                        repaired, not about a minor
third party     社会公开, 授权查询 (of the subject who    as public
                authorised it, in the categories the
                authorisation names)
department      社会公开, 政务共享                        approved, within the period, not repaired
                                                        (修复后停止共享)
the subject     all                                     approved or revoked, whatever the period
itself                                                  (its whole archive)
credit office   all                                     every record in every state
==============  =====================================  ==========================================

People's ID numbers are stored masked; nobody sees them otherwise through a page or the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.catalog import Catalog
from xinyong.catalog.model import Disclosure
from xinyong.records.models import Record, RecordStatus


@dataclass(frozen=True)
class Rule:
    scopes: frozenset[Disclosure]
    statuses: frozenset[str]
    within_period: bool
    unless_repaired: bool
    hide_minors: bool


_PUBLIC = Rule(frozenset({Disclosure.PUBLIC}), frozenset({RecordStatus.APPROVED.value}), True, True, True)
RULES = {
    Audience.PUBLIC: _PUBLIC,
    Audience.THIRD_PARTY: Rule(frozenset({Disclosure.PUBLIC, Disclosure.AUTHORISED}), _PUBLIC.statuses, True, True,
                               True),
    Audience.DEPARTMENT: Rule(frozenset({Disclosure.PUBLIC, Disclosure.SHARED}), _PUBLIC.statuses, True, True, False),
    Audience.SUBJECT: Rule(frozenset(Disclosure), frozenset({RecordStatus.APPROVED.value, RecordStatus.REVOKED.value}),
                           False, False, False),
    Audience.OFFICE: Rule(frozenset(Disclosure), frozenset(s.value for s in RecordStatus), False, False, False),
}


@dataclass(frozen=True)
class Sight:
    """What a viewer sees of one record: whether at all, and the marks shown beside it."""

    visible: bool
    marks: tuple[str, ...] = ()


class DisclosurePolicy:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._items = {item.id: item for item in catalog.items()}

    def rule(self, viewer: Viewer, subject_id: int | None) -> Rule:
        """A subject sees its own archive fully, a third party what the subject authorised it to see;
        anyone else's archive they see as the public does."""
        if viewer.audience is Audience.SUBJECT and subject_id != viewer.subject_id:
            return _PUBLIC
        if viewer.audience is Audience.THIRD_PARTY and (viewer.authorisation_id is None
                                                        or subject_id != viewer.subject_id):
            return _PUBLIC
        return RULES[viewer.audience]

    def items(self, viewer: Viewer, subject_id: int | None = None) -> list[str]:
        rule = self.rule(viewer, subject_id)
        # An authorisation may open only some categories; what is public stays public.
        opened = viewer.categories if rule is not _PUBLIC else None
        return [item.id for item in self._items.values() if item.disclosure in rule.scopes
                and (opened is None or item.disclosure is Disclosure.PUBLIC or item.category in opened)]

    def sees_item(self, viewer: Viewer, item_id: str, subject_id: int | None) -> bool:
        """Whether the viewer may see what the platform derives under ``item_id`` for the subject —
        e.g. its grade (公共信用综合评价结果), which has no record periods, only the catalog scope."""
        return item_id in self.items(viewer, subject_id)

    def sees(self, viewer: Viewer, record: Any, today: date) -> Sight:
        """``record`` is anything with the ``Record`` columns (a row or the model)."""
        rule = self.rule(viewer, record.subject_id)
        ended = record.publicity_ends_on is not None and record.publicity_ends_on < today
        visible = (record.item_id in self.items(viewer, record.subject_id) and record.status in rule.statuses
                   and not (rule.within_period and ended) and not (rule.unless_repaired and record.repaired_on)
                   and not (rule.hide_minors and record.about_minor))
        return Sight(visible, self.marks(record, today) if visible else ())

    @staticmethod
    def marks(record: Any, today: date) -> tuple[str, ...]:
        found = []
        if record.objection_pending:
            found.append("异议处理中")
        if record.disputed:
            found.append("异议无法核实")
        if record.status == RecordStatus.REVOKED.value:
            found.append("已撤销")
        if record.status == RecordStatus.PENDING.value:
            found.append("待审核")
        if record.repaired_on:
            found.append("已信用修复")
        if record.publicity_ends_on is not None and record.publicity_ends_on < today:
            found.append("公示期满")
        return tuple(found)

    def where(self, viewer: Viewer, today: date, subject_id: int | None = None) -> ColumnElement[bool]:
        """The same decision as ``sees``, as SQL over ``records``, for listings and counts."""
        rule = self.rule(viewer, subject_id)
        items = self.items(viewer, subject_id)
        conditions = [Record.item_id.in_(items) if items else false(), Record.status.in_(sorted(rule.statuses))]
        if rule.within_period:
            conditions.append(or_(Record.publicity_ends_on.is_(None), Record.publicity_ends_on >= today))
        if rule.unless_repaired:
            conditions.append(Record.repaired_on.is_(None))
        if rule.hide_minors:
            conditions.append(Record.about_minor.is_(False))
        return and_(true(), *conditions)

    def beyond_public(self, viewer: Viewer, subject_id: int | None) -> bool:
        """Whether this viewer, looking at this subject, may see more than the public: such a look
        is registered in the query log (查询使用登记)."""
        if viewer.audience is Audience.SUBJECT and viewer.subject_id == subject_id:
            return False
        return self.rule(viewer, subject_id) is not _PUBLIC
