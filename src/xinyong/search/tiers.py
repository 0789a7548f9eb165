"""The ranked tiers of a search, each a query that reads its matches in a stable order from an index.

A tier is a function ``(limit, offset) -> [(subject_id, match)]``. Every one of them walks an
index in the order it returns rows, so asking for the first page costs about a page of index
entries however many subjects match: no tier sorts or counts all its matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Select, exists, func, select, text
from sqlalchemy.orm import Session, aliased

from xinyong.search.index import PUBLIC_KINDS
from xinyong.search.models import SearchGram, SearchKey
from xinyong.search.normalise import bigram, first_char_range
from xinyong.subjects.models import Subject, SubjectIdentifier

Tier = Callable[[int, int], list[tuple[int, str]]]
# Postings counted per bigram to choose the rarest one to walk (enough to tell rare from common).
_ESTIMATE_CAP = 256
# Beyond the rarest bigram and its neighbour, more probes cost more than the final check saves.
_MAX_PROBES = 3
# Plain SQL: built once, where the expression language cost more than the query itself.
_ESTIMATE = text("SELECT count(*) FROM (SELECT 1 FROM search_grams WHERE gram = :gram LIMIT :cap) AS capped")
_survivor = func.coalesce(Subject.canonical_id, Subject.id)


def _upper(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _tier(session: Session, statement: Select, match: str) -> Tier:
    def fetch(limit: int, offset: int) -> list[tuple[int, str]]:
        return [(sid, match) for sid in session.scalars(statement.limit(limit).offset(offset))]

    return fetch


def _code_sources() -> tuple[Select, Select]:
    public = Subject.kind.in_(PUBLIC_KINDS)
    identifier = select(_survivor).join(SubjectIdentifier, SubjectIdentifier.subject_id == Subject.id).where(public)
    body = select(_survivor).join(SearchKey, SearchKey.subject_id == Subject.id).where(
        public, SearchKey.role == "org_code")
    return identifier, body


def exact_code_tiers(session: Session, code: str) -> list[Tier]:
    """The subject whose code, old code (旧码) or organisation-code body is exactly ``code``."""
    identifier, body = _code_sources()
    return [
        _tier(session, select(_survivor).where(Subject.code == code, Subject.kind.in_(PUBLIC_KINDS))
              .order_by(Subject.id), "code"),
        _tier(session, identifier.where(SubjectIdentifier.value == code).order_by(Subject.id), "old_code"),
        _tier(session, body.where(SearchKey.key == code).order_by(Subject.id), "code"),
    ]


def code_prefix_tiers(session: Session, code: str) -> list[Tier]:
    """Subjects with a code, organisation-code body or old code starting with ``code``."""
    identifier, body = _code_sources()
    high = _upper(code)
    return [
        _tier(session, select(_survivor).where(Subject.code > code, Subject.code < high,
                                               Subject.kind.in_(PUBLIC_KINDS)).order_by(Subject.code), "code"),
        _tier(session, body.where(SearchKey.key > code, SearchKey.key < high)
              .order_by(SearchKey.key, SearchKey.subject_id), "code"),
        _tier(session, identifier.where(SubjectIdentifier.value > code, SubjectIdentifier.value < high)
              .order_by(SubjectIdentifier.value, SubjectIdentifier.scheme), "old_code"),
    ]


def _keys(role: str) -> Select:
    return select(SearchKey.subject_id).where(SearchKey.role == role)


def exact_name_tiers(session: Session, key: str) -> list[Tier]:
    return [_tier(session, _keys("name").where(SearchKey.key == key).order_by(SearchKey.subject_id), "name"),
            _tier(session, _keys("former").where(SearchKey.key == key).order_by(SearchKey.subject_id),
                  "former_name")]


def prefix_tier(session: Session, key: str, role: str, match: str) -> Tier:
    """Keys that start with ``key`` (and are longer), in the order of the keys."""
    statement = _keys(role).where(SearchKey.key > key, SearchKey.key < _upper(key)) \
        .order_by(SearchKey.key, SearchKey.subject_id)
    return _tier(session, statement, match)


def _rarest_first(session: Session, grams: Sequence[int]) -> list[tuple[int, int]]:
    """The bigrams with an estimate of their postings, rarest first (no estimate needed for one)."""
    if len(grams) == 1:
        return [(1, grams[0])]
    return sorted((session.scalar(_ESTIMATE, {"gram": gram, "cap": _ESTIMATE_CAP}) or 0, gram) for gram in grams)


def substring_tier(session: Session, key: str, role: str, match: str, *, skip_prefix: bool,
                   plans: dict[str, list[tuple[int, int]]]) -> Tier:
    """Keys that contain ``key``, found through the bigram postings and checked character by character.

    A one-character query walks the postings of every bigram that starts with it; a longer one walks
    the postings of its rarest bigram and probes the others. Keys starting with ``key`` are left to
    the prefix tier when ``skip_prefix``. Nothing is read until the tier is asked for rows (earlier
    tiers often fill the page); ``plans`` shares the bigram estimates between tiers of one search.
    """
    statements: list[Select | None] = []

    def fetch(limit: int, offset: int) -> list[tuple[int, str]]:
        if not statements:
            statements.append(_substring_statement(session, key, role, skip_prefix, plans))
        statement = statements[0]
        if statement is None:
            return []
        return [(sid, match) for sid in session.scalars(statement.limit(limit).offset(offset))]

    return fetch


def _substring_statement(session: Session, key: str, role: str, skip_prefix: bool,
                         plans: dict[str, list[tuple[int, int]]]) -> Select | None:
    posting = aliased(SearchGram)
    statement = select(SearchKey.subject_id).join(posting, posting.key_id == SearchKey.id) \
        .where(SearchKey.role == role)
    if len(key) == 1:
        low, high = first_char_range(key)
        statement = statement.where(posting.gram >= low, posting.gram < high).order_by(posting.gram, posting.key_id)
    else:
        if key not in plans:
            plans[key] = _rarest_first(session, sorted({bigram(key[i:i + 2]) for i in range(len(key) - 1)}))
        ranked = plans[key]
        if ranked[0][0] == 0:
            return None
        statement = statement.where(posting.gram == ranked[0][1]).order_by(posting.key_id)
        for _, gram in ranked[1:1 + _MAX_PROBES]:
            probe = aliased(SearchGram)
            statement = statement.where(exists().where(probe.gram == gram, probe.key_id == posting.key_id))
        if len(key) > 2:
            statement = statement.where(SearchKey.key.like(f"%{_like_escape(key)}%", escape="\\"))
    if skip_prefix:
        statement = statement.where(func.substr(SearchKey.key, 1, len(key)) != key)
    return statement
