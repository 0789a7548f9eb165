"""Keeping the search index in step with the registry.

``refresh_subjects`` is the one entry point: given the subjects a unit of work touched, it
computes what the index should hold for them from the registry tables and writes only the
difference. The registry calls it once per chunk it registers, corrections once per judgement;
for a chunk of new subjects that is a few reads and three multi-row inserts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, delete, insert, select, tuple_
from sqlalchemy.orm import Session

from xinyong.search.models import SearchGram, SearchKey
from xinyong.search.normalise import postings, search_key
from xinyong.subjects.models import Subject, SubjectKind, SubjectName

PUBLIC_KINDS = (SubjectKind.ORGANISATION.value, SubjectKind.INDIVIDUAL_BUSINESS.value)
_PART = 500
# Roles whose keys are names, and so have bigram postings.
NAME_ROLES = ("name", "former")


def refresh_subjects(session: Session, subject_ids: Iterable[int | None]) -> None:
    """Bring the index entries of these subjects (and of the survivors they merged into) up to date."""
    ids = sorted({sid for sid in subject_ids if sid is not None})
    # Pending changes first; then Core statements on the session's connection, which skip the
    # ORM's per-row bookkeeping (a chunk of new subjects carries ~30,000 postings).
    session.flush()
    connection = session.connection()
    for start in range(0, len(ids), _PART):
        _refresh(connection, ids[start:start + _PART])


def _wanted(connection: Connection, ids: Sequence[int]) -> set[tuple[int, str, str]]:
    """The (subject, role, key) entries the registry says these subjects should have."""
    wanted: set[tuple[int, str, str]] = set()
    owner: dict[int, int] = {}
    for sid, kind, name, code, scheme, canonical in connection.execute(
        select(Subject.id, Subject.kind, Subject.name, Subject.code, Subject.code_scheme, Subject.canonical_id)
        .where(Subject.id.in_(ids))
    ):
        if kind not in PUBLIC_KINDS:
            continue
        if scheme == "uscc" and len(code) == 18:
            # 组织机构代码 inside the USCC (characters 9–17): kept under the subject itself and
            # resolved to a survivor when searched, like every other code.
            wanted.add((sid, "org_code", code[8:17]))
        if canonical is None:
            owner[sid] = sid
            wanted.add((sid, "name", search_key(name)))
    # A merged subject's names are found as former names of its survivor.
    for sid, survivor, name in connection.execute(
        select(Subject.id, Subject.canonical_id, Subject.name).where(Subject.canonical_id.in_(list(owner)))
    ):
        owner[sid] = survivor
        wanted.add((survivor, "former", search_key(name)))
    if owner:
        for sid, name in connection.execute(
            select(SubjectName.subject_id, SubjectName.name)
            .where(SubjectName.subject_id.in_(list(owner)), SubjectName.role == "former")
        ):
            wanted.add((owner[sid], "former", search_key(name)))
    # A current name is not also a former one.
    return {(sid, role, key) for sid, role, key in wanted if role != "former" or (sid, "name", key) not in wanted}


def _refresh(connection: Connection, ids: Sequence[int]) -> None:
    wanted = _wanted(connection, ids)
    have = {(sid, role, key): kid for kid, sid, role, key in connection.execute(
        select(SearchKey.id, SearchKey.subject_id, SearchKey.role, SearchKey.key).where(SearchKey.subject_id.in_(ids)))}
    gone = [(kid, entry[1], entry[2]) for entry, kid in have.items() if entry not in wanted]
    # Sorted, so that key ids (the order of the substring tier) follow registration order.
    fresh = sorted(entry for entry in wanted if entry not in have)
    if gone:
        old = [(gram, kid) for kid, role, key in gone if role in NAME_ROLES for gram in postings(key, role)]
        for start in range(0, len(old), _PART):
            connection.execute(delete(SearchGram).where(
                tuple_(SearchGram.gram, SearchGram.key_id).in_(old[start:start + _PART])))
        connection.execute(delete(SearchKey).where(SearchKey.id.in_([kid for kid, _, _ in gone])))
    if not fresh:
        return
    connection.execute(insert(SearchKey.__table__),
                       [{"subject_id": sid, "role": role, "key": key} for sid, role, key in fresh])
    new_ids = _key_ids(connection, fresh)
    # In index order: each page of the postings' B-tree is then written once per chunk.
    new = sorted((gram, new_ids[entry]) for entry in fresh if entry[1] in NAME_ROLES
                 for gram in postings(entry[2], entry[1]))
    if new:
        connection.execute(insert(SearchGram.__table__), [{"gram": g, "key_id": k} for g, k in new])


def _key_ids(connection: Connection, entries: list[tuple[int, str, str]]) -> dict[tuple[int, str, str], int]:
    """The ids of just-inserted keys, read back by their unique (subject, role, key)."""
    by_subject: dict[int, set[tuple[int, str, str]]] = defaultdict(set)
    for entry in entries:
        by_subject[entry[0]].add(entry)
    found = {}
    for kid, sid, role, key in connection.execute(
        select(SearchKey.id, SearchKey.subject_id, SearchKey.role, SearchKey.key)
        .where(SearchKey.subject_id.in_(list(by_subject)))
    ):
        if (sid, role, key) in by_subject[sid]:
            found[(sid, role, key)] = kid
    return found


def rebuild_index(session: Session, batch: int = 5000) -> int:
    """Rebuild the whole index from the registry (after a restore, or on a database that predates
    it); returns the number of subjects indexed."""
    session.execute(delete(SearchGram))
    session.execute(delete(SearchKey))
    done, last = 0, 0
    while True:
        ids = list(session.scalars(select(Subject.id).where(Subject.id > last, Subject.kind.in_(PUBLIC_KINDS))
                                   .order_by(Subject.id).limit(batch)))
        if not ids:
            return done
        refresh_subjects(session, ids)
        done, last = done + len(ids), ids[-1]
