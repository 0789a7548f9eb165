"""Listings that wait for a reviewer (待审核): a list record whose row was not clean — most often a
code that failed its check, so the platform could not attach it to a subject — has no entry in
force yet, and screening would otherwise answer "no measure" for the very subject it names.

A query that names such a record — the same code, the same organisation name, or for a person the
same name with a compatible masked ID — is answered 待人工核实 with the records, so the department
checks before it acts. A person's name alone never flags a record: common names would flag everyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.collection.linking import PartyReader
from xinyong.errors import UserError
from xinyong.identifiers import normalize
from xinyong.lists.registry import ListCatalog
from xinyong.matching.ids import parse_partial_id
from xinyong.matching.query import MatchQuery
from xinyong.records.models import Record, RecordStatus, RecordVersion
from xinyong.subjects.names import name_key


@dataclass(frozen=True)
class PendingListing:
    name_key: str
    codes: frozenset[str]
    person: bool
    masked_id: str | None  # a person's ID as the record keeps it (positions 1–4 and 15–18)
    answer: dict[str, Any]  # what the department is shown


class PendingListings:
    """Every list record waiting for a reviewer, found by code and by name."""

    def __init__(self, session: Session, catalog: Catalog, lists: ListCatalog) -> None:
        self.by_code: dict[str, list[PendingListing]] = defaultdict(list)
        self.by_name: dict[str, list[PendingListing]] = defaultdict(list)
        by_item = {c.item: c for c in lists.all()}
        rows = session.execute(
            select(Record.id, Record.item_id, Record.department_code, Record.document_no, Record.decided_on,
                   RecordVersion.values)
            .join(RecordVersion, and_(RecordVersion.record_id == Record.id,
                                      RecordVersion.version == Record.latest_version))
            .where(Record.item_id.in_(sorted(by_item)), Record.status == RecordStatus.PENDING.value)
            .order_by(Record.id))
        readers = {item_id: PartyReader(catalog.item(item_id)) for item_id in by_item}
        for record_id, item_id, department, document_no, decided_on, values in rows:
            credit_list, party = by_item[item_id], readers[item_id].read(values)
            listing = PendingListing(
                name_key(party.name), frozenset(normalize(c) for c in party.codes), party.is_person,
                party.person_id,
                {"record_id": record_id, "list": credit_list.id, "list_name": credit_list.name,
                 "name": party.name, "document_no": document_no,
                 "decided_on": decided_on.isoformat() if decided_on else None,
                 "department": catalog.department(department).name})
            if listing.name_key:
                self.by_name[listing.name_key].append(listing)
            for code in listing.codes:
                self.by_code[code].append(listing)

    def named_by(self, query: MatchQuery, today: date) -> list[dict[str, Any]]:
        """The pending listings ``query`` names, as the answer shows them."""
        if not self.by_name and not self.by_code:
            return []
        masked = None
        if query.id_number:
            try:
                masked = parse_partial_id(query.id_number, today).masked_form()
            except UserError:
                masked = None
        found = [x for x in self.by_code.get(normalize(query.code), []) if not x.person] if query.code else []
        for listing in self.by_name.get(name_key(query.name), []) if query.name else []:
            if (masked is not None and masked == listing.masked_id) if listing.person else query.kind != "person":
                found.append(listing)
        unique = {listing.answer["record_id"]: listing.answer for listing in found}
        return [unique[record_id] for record_id in sorted(unique)]
