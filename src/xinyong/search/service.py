"""Public search: what a query finds, ranked, one page at a time.

Ranking: exact code (including old codes and the organisation-code body) > exact name > exact
former name > codes starting with the query > names starting with it > names containing it >
former names starting with or containing it. Inside a tier the order is that of the index it
walks, so the same query always gives the same pages. A subject appears once, at its best tier;
a merged subject is shown as its survivor; people are never found.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from sqlalchemy import TextClause, text
from sqlalchemy.orm import Session

from xinyong.db.plain import fetch
from xinyong.errors import UserError
from xinyong.search.normalise import code_form, search_key
from xinyong.search.tiers import (
    Tier,
    code_prefix_tiers,
    exact_code_tiers,
    exact_name_tiers,
    names_containing,
    prefix_tier,
    substring_tier,
)
from xinyong.subjects.models import KIND_LABELS, SubjectKind

QUERY_MAX = 100
# A code prefix shorter than this (e.g. "91") is every other company, not a search.
CODE_PREFIX_MIN = 4
MATCH_LABELS = {
    "code": "代码匹配", "old_code": "旧代码匹配", "name": "名称完全匹配", "prefix": "名称开头匹配",
    "substring": "名称包含", "former_name": "曾用名匹配",
}


@dataclass(frozen=True)
class Hit:
    subject_id: int
    code: str
    name: str
    kind: str
    match: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[SubjectKind(self.kind)]

    @property
    def match_label(self) -> str:
        return MATCH_LABELS[self.match]

    @property
    def url(self) -> str:
        return f"/subjects/{self.code}"


@dataclass(frozen=True)
class SearchPage:
    query: str
    page: int
    page_size: int
    hits: list[Hit]
    has_more: bool
    #: Exact number of matches when at most ``cap``; None beyond (shown as "1,000+").
    total: int | None
    cap: int

    @property
    def total_capped(self) -> bool:
        return self.total is None


def clean_query(query: str) -> str:
    """The query as typed, trimmed; a clear message when there is nothing to search or too much."""
    text = query.strip()
    if not text:
        raise UserError("请输入要查询的主体名称或统一社会信用代码")
    if len(text) > QUERY_MAX:
        raise UserError(f"查询内容过长：最多 {QUERY_MAX} 个字符，现有 {len(text)} 个")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        raise UserError("查询内容含有控制字符或无效字符，请只输入名称或代码")
    return text


def check_paging(page: int, page_size: int, *, page_size_max: int, cap: int) -> None:
    if page < 1:
        raise UserError(f"页码应为 1 或更大的整数，收到 {page}")
    if not 1 <= page_size <= page_size_max:
        raise UserError(f"每页条数应在 1 到 {page_size_max} 之间，收到 {page_size}")
    if (page - 1) * page_size >= cap:
        raise UserError(f"最多显示前 {cap:,} 条结果，第 {page} 页已超出范围；请输入更完整的名称或代码缩小查询")


def _tiers(session: Session, text: str, key: str) -> list[Tier]:
    tiers: list[Tier] = []
    code = code_form(text)
    if code is not None:
        tiers += exact_code_tiers(session, code)
    if key:
        tiers += exact_name_tiers(session, key)
    if code is not None and len(code) >= CODE_PREFIX_MIN:
        tiers += code_prefix_tiers(session, code)
    if key:
        tiers += [prefix_tier(session, key, "name", "prefix"),
                  substring_tier(session, key, "name", "substring", skip_prefix=True),
                  prefix_tier(session, key, "former", "former_name"),
                  substring_tier(session, key, "former", "former_name", skip_prefix=True)]
    return tiers


def _collect(tiers: list[Tier], need: int, *, ordered: bool) -> dict[int, str]:
    """The first ``need`` distinct subjects across the tiers, each with its best match.

    Unordered, the subjects are the same but a tier's window may come back in any order: enough
    to count them, not to show them.
    """
    found: dict[int, str] = {}
    for tier in tiers:
        offset, batch = 0, max(need - len(found), 1)
        while len(found) < need:
            sids = tier.rows(batch, offset) if ordered else tier.ids(batch, offset)
            for sid in sids:
                found.setdefault(sid, tier.match)
                if len(found) == need:
                    break
            if len(sids) < batch:
                break
            offset, batch = offset + len(sids), batch * 2
        if len(found) >= need:
            break
    return found


def _count(session: Session, tiers: list[Tier], key: str, cap: int) -> int:
    """The number of subjects the tiers find, up to ``cap + 1``.

    A name fragment of two or three characters found in more names than the cap is already past
    it: its postings say so without reading a key (most short queries are such, 有限 or 科技).
    """
    if len(key) in (2, 3) and names_containing(session, key, cap + 1) > cap:
        return cap + 1
    return len(_collect(tiers, cap + 1, ordered=False))


@cache
def _shown_subjects(count: int) -> TextClause:
    """What a page shows of ``count`` subjects: one statement per page length, so it is written once."""
    return text(f"SELECT id, code, name, kind FROM subjects WHERE id IN ({', '.join(f':s{n}' for n in range(count))})")


def search(session: Session, query: str, *, page: int = 1, page_size: int = 20, page_size_max: int = 100,
           cap: int = 1000) -> SearchPage:
    """One page of the subjects ``query`` finds, with the number found counted up to ``cap``."""
    text = clean_query(query)
    check_paging(page, page_size, page_size_max=page_size_max, cap=cap)
    key = search_key(text)
    tiers = _tiers(session, text, key)
    start = (page - 1) * page_size
    # The page first, in order; then, only if there may be more, a count up to the cap.
    found = list(_collect(tiers, start + page_size + 1, ordered=True).items())
    more = len(found) > start + page_size
    counted = _count(session, tiers, key, cap) if more else len(found)
    shown = found[:cap]
    window = shown[start:start + page_size]
    rows = {sid: (code, name, kind) for sid, code, name, kind in fetch(
        session, _shown_subjects(len(window)), {f"s{n}": sid for n, (sid, _) in enumerate(window)})} if window else {}
    hits = [Hit(sid, *rows[sid], match) for sid, match in window]
    return SearchPage(query=text, page=page, page_size=page_size, hits=hits,
                      has_more=len(shown) > start + page_size,
                      total=counted if counted <= cap else None, cap=cap)
