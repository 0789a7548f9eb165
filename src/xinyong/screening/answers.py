"""From a match to an answer: the list entries in force for each hit and the published measures
they call for in the scenario, with their legal basis — or an explicit "no measure"."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.lists.model import ListKind
from xinyong.lists.models import ListEntry, in_force
from xinyong.lists.registry import ListCatalog
from xinyong.matching.engine import CandidateMatch, MatchResult
from xinyong.matching.query import MatchQuery
from xinyong.sanctions.measures import MeasureList
from xinyong.sanctions.model import Effect, Measure, Role
from xinyong.screening.models import OUTCOME_LABELS, Outcome
from xinyong.screening.pending import PendingListings
from xinyong.subjects.describe import shown_code
from xinyong.subjects.models import Subject

NO_MEASURE = "经核查，未发现本场景下适用的联合奖惩措施"
PENDING = "名单中有指向该主体的记录尚待审核（多为代码未通过校验、尚未关联到主体），请人工核实后再作决定"
_CHUNK = 900


def entries_in_force(session: Session, subject_ids: Iterable[int], day: date) -> dict[int, list[ListEntry]]:
    """Entries in force on ``day`` that name each subject, as the listed one or as its responsible person."""
    ids = sorted(set(subject_ids))
    found: dict[int, list[ListEntry]] = defaultdict(list)
    for start in range(0, len(ids), _CHUNK):
        part = ids[start:start + _CHUNK]
        asked = set(part)
        rows = session.scalars(select(ListEntry).where(
            or_(ListEntry.subject_id.in_(part), ListEntry.responsible_subject_id.in_(part)), in_force(day)))
        for entry in rows:
            for sid in {entry.subject_id, entry.responsible_subject_id} & asked:
                found[sid].append(entry)
    return found


def merged_families(session: Session, subject_ids: set[int]) -> dict[int, set[int]]:
    """Each subject with the duplicates merged into it (``family`` of the archive, for many at once)."""
    families = {sid: {sid} for sid in subject_ids}
    ids = sorted(subject_ids)
    for start in range(0, len(ids), _CHUNK):
        for merged, survivor in session.execute(select(Subject.id, Subject.canonical_id).where(
                Subject.canonical_id.in_(ids[start:start + _CHUNK]))):
            families[survivor].add(merged)
    return families


def listed_subjects(session: Session, ids: Sequence[int]) -> dict[int, Subject]:
    subjects: dict[int, Subject] = {}
    for start in range(0, len(ids), _CHUNK):
        for subject in session.scalars(select(Subject).where(Subject.id.in_(ids[start:start + _CHUNK]))):
            subjects[subject.id] = subject
    return subjects


class AnswerWriter:
    """Writes the answer for each matched query on one day, in one scenario."""

    def __init__(self, session: Session, catalog: Catalog, lists: ListCatalog, measures: MeasureList,
                 scenario: str, day: date) -> None:
        self.session, self.catalog, self.lists, self.measures = session, catalog, lists, measures
        self.scenario, self.day = scenario, day

    def answers(self, queries: Sequence[MatchQuery],
                results: Sequence[MatchResult]) -> list[tuple[Outcome, list[int], list[str], dict[str, Any]]]:
        pending = PendingListings(self.session, self.catalog, self.lists)
        families = merged_families(self.session, {h.subject_id for r in results for h in r.hits})
        found = entries_in_force(self.session, [i for ids in families.values() for i in ids], self.day)
        # A subject's archive includes the duplicates merged into it, and so do its list entries.
        entries = {hit: list({e.id: e for i in ids for e in found.get(i, [])}.values())
                   for hit, ids in families.items()}
        via = listed_subjects(self.session, sorted({e.subject_id for es in entries.values() for e in es
                                                    if e.subject_id is not None}))
        return [self._answer(r, entries, families, via, pending.named_by(q, self.day))
                for q, r in zip(queries, results, strict=True)]

    def _answer(self, result: MatchResult, entries: dict[int, list[ListEntry]], families: dict[int, set[int]],
                via: dict[int, Subject],
                pending: list[dict[str, Any]]) -> tuple[Outcome, list[int], list[str], dict[str, Any]]:
        matches = [self._match(hit, entries.get(hit.subject_id, []), families[hit.subject_id], via)
                   for hit in result.hits]
        measure_ids = sorted({m["id"] for match in matches for m in match["measures"]})
        if not matches:
            outcome = Outcome.NO_MATCH
        elif len(matches) > 1:
            outcome = Outcome.AMBIGUOUS
        else:
            outcome = Outcome.MEASURES if measure_ids else Outcome.NO_MEASURE
        if pending and outcome in (Outcome.NO_MATCH, Outcome.NO_MEASURE):
            outcome = Outcome.PENDING_REVIEW
        answer = {
            "outcome": outcome.value, "outcome_label": OUTCOME_LABELS[outcome],
            "matches": matches,
            "candidates": [_subject_match(c) for c in result.candidates if not c.confident],
            "excluded_subject_ids": list(result.excluded),
            "pending_listings": pending,
            "message": PENDING if pending else NO_MEASURE if not measure_ids and matches else None,
        }
        return outcome, [m["subject"]["id"] for m in matches], measure_ids, answer

    def _match(self, hit: CandidateMatch, entries: list[ListEntry], family: set[int],
               via: dict[int, Subject]) -> dict[str, Any]:
        own = [e for e in entries if e.subject_id in family]
        named = [e for e in entries if e.responsible_subject_id in family and e.subject_id not in family
                 and self.lists.get(e.list_id).names_responsible_persons]
        measures = [*self._measures(own, Role.SUBJECT, hit.kind),
                    *self._measures(named, Role.RESPONSIBLE_PERSON, hit.kind)]
        dishonest = any(self.lists.get(e.list_id).kind is not ListKind.RED for e in own + named)
        if dishonest:
            # 守信激励 is for subjects without dishonesty in force: a listed subject gets no reward.
            measures = [m for m in measures if m["effect"] != Effect.REWARD.value]
        seen: set[tuple[str, str]] = set()
        unique = [m for m in measures if (m["id"], m["role"]) not in seen and not seen.add((m["id"], m["role"]))]
        return {**_subject_match(hit),
                "entries": [self._entry(e, Role.SUBJECT, None) for e in own]
                + [self._entry(e, Role.RESPONSIBLE_PERSON, via.get(e.subject_id or 0)) for e in named],
                "measures": unique}

    def _measures(self, entries: list[ListEntry], role: Role, kind: str) -> list[dict[str, Any]]:
        if not entries:
            return []
        lists_hit = {e.list_id for e in entries}
        found = self.measures.measures_for(lists_hit, self.scenario, self.day, role=role, subject_kind=kind)
        return [_measure(m, role, sorted(lists_hit & m.targets), self.measures) for m in found]

    def _entry(self, entry: ListEntry, role: Role, listed: Subject | None) -> dict[str, Any]:
        credit_list = self.lists.get(entry.list_id)
        department = self.catalog.department(entry.department_code)
        answer = {"list": credit_list.id, "list_name": credit_list.name, "list_kind": credit_list.kind.value,
                  "role": role.value, "entry_id": entry.id, "entered_on": entry.entered_on.isoformat(),
                  "ends_on": entry.ends_on.isoformat() if entry.ends_on else None, "reason": entry.reason,
                  "document_no": entry.document_no, "department": department.name,
                  "legal_basis": [b.cite() for b in credit_list.legal_basis]}
        if listed is not None:
            answer["listed_subject"] = {"id": listed.id, "name": listed.name, "code": shown_code(listed),
                                        "responsible_person": entry.responsible_name}
        return answer


def _subject_match(match: CandidateMatch) -> dict[str, Any]:
    # A subject page is addressed by its USCC, or by number (#id) for people and old codes.
    ref = match.code if match.kind != "person" and match.code and len(match.code) == 18 else f"%23{match.subject_id}"
    return {"subject": {"id": match.subject_id, "name": match.name, "code": match.code, "kind": match.kind,
                        "status": match.status, "url": f"/subjects/{ref}"},
            "matched_name": match.matched_name, "score": match.score, "confident": match.confident,
            "evidence": [{"feature": e.feature, "weight": e.weight, "value": e.value, "query": e.query,
                          "candidate": e.candidate, "detail": e.detail} for e in match.evidence]}


def _measure(measure: Measure, role: Role, because_of: list[str], measures: MeasureList) -> dict[str, Any]:
    return {"id": measure.id, "content": measure.content, "class": measure.measure_class.value,
            "class_label": measures.classes.get(measure.measure_class.value, ""), "effect": measure.effect.value,
            "role": role.value, "lists": because_of, "legal_basis": [b.cite() for b in measure.legal_basis],
            "departments": list(measure.departments), "implementers": measure.implementers}
