"""The ranked tiers of a search, each a query that reads its matches in a stable order from an index.

A tier reads a window ``(limit, offset)`` of its matches. Every one of them walks an index in the
order it returns rows, so asking for the first page costs about a page of index entries however
many subjects match: no tier sorts or counts all its matches.

The statements are plain SQL written once and run on the driver's own cursor: a search runs up to
a dozen of them and reads up to a thousand rows, and building them with the expression language,
or even handing them to SQLAlchemy's execution and result layers, cost more than the database
spends answering them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from sqlalchemy import TextClause, text
from sqlalchemy.orm import Session

from xinyong.db.plain import fetch
from xinyong.search.index import PUBLIC_KINDS
from xinyong.search.normalise import bigram, first_char_range, trigram

Plan = tuple[TextClause, dict[str, object]]
# Postings read per bigram to estimate how many it has, so the rarest one is walked.
_SAMPLE = 256
# Beyond the rarest bigram and its neighbour, more probes cost more than the final check saves.
_MAX_PROBES = 3
_SAMPLE_POSTINGS = text("SELECT count(*), max(key_id) FROM (SELECT key_id FROM search_grams WHERE gram = :gram "
                        "ORDER BY key_id LIMIT :sample) AS sample")
_POSTINGS = text("SELECT count(*) FROM (SELECT key_id FROM search_grams WHERE gram = :gram LIMIT :limit) AS first")
_KEY_IDS = text("SELECT (SELECT min(id) FROM search_keys), (SELECT max(id) FROM search_keys)")
_PAGE = " LIMIT :limit OFFSET :offset"
_PUBLIC = "s.kind IN (" + ", ".join(f"'{kind}'" for kind in PUBLIC_KINDS) + ")"
# A merged subject is found as its survivor.
_SURVIVOR = "SELECT coalesce(s.canonical_id, s.id) AS sid FROM subjects s"
_BY_IDENTIFIER = f"{_SURVIVOR} JOIN subject_identifiers i ON i.subject_id = s.id WHERE {_PUBLIC}"
_BY_ORG_CODE = f"{_SURVIVOR} JOIN search_keys k ON k.subject_id = s.id WHERE {_PUBLIC} AND k.role = 'org_code'"

_CODE = text(f"{_SURVIVOR} WHERE s.code = :code AND {_PUBLIC} ORDER BY s.id{_PAGE}")
_OLD_CODE = text(f"{_BY_IDENTIFIER} AND i.value = :code ORDER BY s.id{_PAGE}")
_ORG_CODE = text(f"{_BY_ORG_CODE} AND k.key = :code ORDER BY s.id{_PAGE}")
_CODE_PREFIX = text(f"{_SURVIVOR} WHERE s.code > :low AND s.code < :high AND {_PUBLIC} ORDER BY s.code{_PAGE}")
_ORG_CODE_PREFIX = text(f"{_BY_ORG_CODE} AND k.key > :low AND k.key < :high ORDER BY k.key, k.subject_id{_PAGE}")
_OLD_CODE_PREFIX = text(f"{_BY_IDENTIFIER} AND i.value > :low AND i.value < :high "
                        f"ORDER BY i.value, i.scheme{_PAGE}")
_EXACT_KEY = text("SELECT subject_id AS sid FROM search_keys WHERE role = :role AND key = :key "
                  f"ORDER BY subject_id{_PAGE}")
_KEY_PREFIX = text("SELECT subject_id AS sid FROM search_keys WHERE role = :role AND key > :low AND key < :high "
                   f"ORDER BY key, subject_id{_PAGE}")


def _upper(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@cache
def _gathered(statement: TextClause) -> TextClause:
    return text(f"SELECT group_concat(sid) FROM ({statement.text}) AS walked")


@dataclass
class Tier:
    """One rank of matches (``match``), read through the statement its ``plan`` makes when first asked.

    A plan of None finds nothing (a bigram no key has). A tier read to its end is kept, so counting
    after the page does not read it again.
    """

    session: Session
    match: str
    plan: Callable[[], Plan | None]
    _whole: list[int] | None = field(default=None, init=False)

    @cached_property
    def _statement(self) -> Plan | None:
        return self.plan()

    def rows(self, limit: int, offset: int) -> list[int]:
        """The subjects of a window of the tier, in the tier's order."""
        if self._whole is not None:
            return self._whole[offset:offset + limit]
        if (planned := self._statement) is None:
            self._whole = []
            return []
        statement, parameters = planned
        values = {**parameters, "limit": limit, "offset": offset}
        sids = [sid for (sid,) in fetch(self.session, statement, values)]
        if offset == 0 and len(sids) < limit:
            self._whole = sids
        return sids

    def ids(self, limit: int, offset: int) -> list[int]:
        """The same window in any order, for counting. SQLite hands the sqlite3 module one row per
        step and it lets go of the GIL for each: a thousand rows with other requests in flight were
        a thousand thread switches, so there the window comes back as one concatenated value."""
        sqlite = self.session.connection().dialect.name == "sqlite"
        if self._whole is not None or not sqlite or (planned := self._statement) is None:
            return self.rows(limit, offset)
        statement, parameters = planned
        [(gathered,)] = fetch(self.session, _gathered(statement), {**parameters, "limit": limit, "offset": offset})
        return [int(sid) for sid in (gathered or "").split(",") if sid]


def _tier(session: Session, statement: TextClause, parameters: dict[str, object], match: str) -> Tier:
    return Tier(session, match, lambda: (statement, parameters))


def exact_code_tiers(session: Session, code: str) -> list[Tier]:
    """The subject whose code, old code (旧码) or organisation-code body is exactly ``code``."""
    return [_tier(session, _CODE, {"code": code}, "code"), _tier(session, _OLD_CODE, {"code": code}, "old_code"),
            _tier(session, _ORG_CODE, {"code": code}, "code")]


def code_prefix_tiers(session: Session, code: str) -> list[Tier]:
    """Subjects with a code, organisation-code body or old code starting with ``code``."""
    bounds = {"low": code, "high": _upper(code)}
    return [_tier(session, _CODE_PREFIX, bounds, "code"), _tier(session, _ORG_CODE_PREFIX, bounds, "code"),
            _tier(session, _OLD_CODE_PREFIX, bounds, "old_code")]


def exact_name_tiers(session: Session, key: str) -> list[Tier]:
    return [_tier(session, _EXACT_KEY, {"role": "name", "key": key}, "name"),
            _tier(session, _EXACT_KEY, {"role": "former", "key": key}, "former_name")]


def prefix_tier(session: Session, key: str, role: str, match: str) -> Tier:
    """Keys that start with ``key`` (and are longer), in the order of the keys."""
    return _tier(session, _KEY_PREFIX, {"role": role, "low": key, "high": _upper(key)}, match)


def names_containing(session: Session, fragment: str, limit: int) -> int:
    """How many subjects' names contain ``fragment`` of two or three characters, counted up to ``limit``.

    Exact from the postings alone: a current name is one key of one subject, and a key has one
    posting per distinct bigram or trigram, so each posting of the fragment is one subject — no
    key is read.
    """
    gram = bigram(fragment, "name") if len(fragment) == 2 else trigram(fragment)
    return fetch(session, _POSTINGS, {"gram": gram, "limit": limit})[0][0]


def _rarest_first(session: Session, grams: Sequence[int]) -> list[tuple[float, int]]:
    """The grams (bigrams or trigrams) with an estimate of their postings, rarest first (no estimate
    needed for one).

    A bigram with fewer postings than the sample is counted exactly. For one with more, the key id
    its sample reaches tells how dense its postings are: the first 256 of 有限 (in nearly every name)
    end a few hundred keys in, those of 程有 tens of thousands in. Key ids follow registration
    order, which has nothing to do with what a name contains, so the start is a fair sample.
    """
    if len(grams) == 1:
        return [(1.0, grams[0])]
    samples = {gram: fetch(session, _SAMPLE_POSTINGS, {"gram": gram, "sample": _SAMPLE})[0] for gram in grams}
    # The span of key ids is read only when some bigram filled its sample.
    capped = any(count == _SAMPLE for count, _ in samples.values())
    first, last = fetch(session, _KEY_IDS, {})[0] if capped else (0, 0)
    return sorted((float(count) if count < _SAMPLE else count * (last - first + 1) / (reached - first + 1), gram)
                  for gram, (count, reached) in samples.items())


@cache
def _substring_sql(one_char: bool, probes: int, like: bool, skip_prefix: bool) -> TextClause:
    """The substring statement of one shape: the postings walked, the bigrams probed, the checks.
    The postings carry the role, so every one walked is one of a key of that role."""
    sql = "SELECT k.subject_id AS sid FROM search_grams p JOIN search_keys k ON k.id = p.key_id WHERE "
    sql += "p.gram >= :low AND p.gram < :high" if one_char else "p.gram = :gram0"
    for n in range(1, probes + 1):
        sql += f" AND EXISTS (SELECT 1 FROM search_grams p{n} WHERE p{n}.gram = :gram{n} AND p{n}.key_id = p.key_id)"
    if like:
        sql += " AND k.key LIKE :pattern ESCAPE '\\'"
    if skip_prefix:
        sql += " AND substr(k.key, 1, CAST(:length AS INTEGER)) != :key"
    return text(sql + (" ORDER BY p.gram, p.key_id" if one_char else " ORDER BY p.key_id") + _PAGE)


def substring_tier(session: Session, key: str, role: str, match: str, *, skip_prefix: bool) -> Tier:
    """Keys of ``role`` that contain ``key``, found through the bigram postings and checked character
    by character.

    A one-character query walks the postings of every bigram that starts with it; a longer one walks
    the postings of its rarest bigram (trigram, for current names of three characters or more) and
    probes the others. Keys starting with ``key`` are left to
    the prefix tier when ``skip_prefix``. Nothing is read until the tier is asked for rows (earlier
    tiers often fill the page).
    """
    return Tier(session, match, lambda: _substring_plan(session, key, role, skip_prefix))


def _substring_plan(session: Session, key: str, role: str, skip_prefix: bool) -> Plan | None:
    parameters: dict[str, object] = {"key": key, "length": len(key)}
    if len(key) == 1:
        parameters["low"], parameters["high"] = first_char_range(key, role)
        return _substring_sql(True, 0, False, skip_prefix), parameters
    # Current names have trigram postings too: three characters are then exactly one posting list.
    width = 3 if role == "name" and len(key) >= 3 else 2
    grams = {trigram(key[i:i + 3]) if width == 3 else bigram(key[i:i + 2], role) for i in range(len(key) - width + 1)}
    ranked = _rarest_first(session, sorted(grams))
    if ranked[0][0] == 0:
        return None
    probes = [gram for _, gram in ranked[1:1 + _MAX_PROBES]]
    parameters.update({f"gram{n}": gram for n, gram in enumerate([ranked[0][1], *probes])})
    parameters["pattern"] = f"%{_like_escape(key)}%"
    return _substring_sql(False, len(probes), len(key) > width, skip_prefix), parameters
