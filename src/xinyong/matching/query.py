"""What a department asks about a subject, checked and prepared once for matching."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from xinyong.errors import UserError
from xinyong.identifiers import check, normalize
from xinyong.matching.ids import PartialId, parse_partial_id
from xinyong.matching.names import OrgName, looks_like_person, parse_org_name, person_key, person_pinyin_keys
from xinyong.matching.places import region_codes
from xinyong.subjects.person_ids import PersonIdVault

KINDS = ("organisation", "individual_business", "person")
NAME_MAX = 200


@dataclass(frozen=True)
class MatchQuery:
    """A subject as a department's system describes it: by code, or by name with qualifiers.

    ``id_number`` is a person's citizen ID, full or with hidden digits as ``*``
    (``3208191960****6833``); ``region`` a GB/T 2260 code or place name; ``exclude`` the subjects
    this department has already cleared for this query (hits it checked and found to be others).
    """

    name: str | None = None
    code: str | None = None
    id_number: str | None = None
    kind: str | None = None
    region: str | None = None
    legal_rep: str | None = None
    birth_date: date | None = None
    exclude: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PreparedQuery:
    query: MatchQuery
    kind: str  # organisation (also individual businesses) or person
    org: OrgName | None
    person: str | None  # person_key of the name
    person_pinyin: frozenset[str]
    codes: tuple[str, ...]  # an organisation's code, normalised (and as the registry may key it)
    partial_id: PartialId | None
    id_hash: str | None  # keyed hash of a full citizen ID: finds the person's subject exactly
    regions: tuple[str, ...]
    legal_rep: str | None
    legal_rep_pinyin: frozenset[str]

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


def _kind(query: MatchQuery) -> str:
    if query.kind:
        return "person" if query.kind == "person" else "organisation"
    if query.id_number:
        return "person"
    if query.code or not query.name:
        return "organisation"
    return "person" if looks_like_person(query.name) else "organisation"


def _organisation_codes(raw: str, today: date) -> tuple[str, ...]:
    """The code normalised as the registry stores it, and as an organisation's code when that differs.

    A 15-digit registration number can also read as an old citizen ID; the registry keys it the
    way ``check`` infers, so both readings are looked up. A number that is only a citizen ID is refused.
    """
    verdict = check(raw, today=today)
    if verdict.kind != "citizen_id":
        return (verdict.normalized,)
    as_organisation = check(raw, "uscc" if len(normalize(raw)) == 18 else "registration_no")
    if as_organisation.verdict == "invalid":
        raise UserError("统一社会信用代码一栏填写的是公民身份号码，请填入证件号码一栏", code="bad_query")
    return as_organisation.normalized, verdict.normalized


def prepare(query: MatchQuery, vault: PersonIdVault | None, today: date) -> PreparedQuery:
    """Check one query; a ``UserError`` says what is wrong with it."""
    name = (query.name or "").strip()
    if not name and not query.code and not query.id_number:
        raise UserError("应给出名称、统一社会信用代码或证件号码中的至少一项", code="empty_query")
    if len(name) > NAME_MAX:
        raise UserError(f"名称长度 {len(name)} 超过 {NAME_MAX} 个字符", code="bad_query")
    if query.kind and query.kind not in KINDS:
        raise UserError(f"主体类型“{query.kind}”无效（可用：{'、'.join(KINDS)}）", code="bad_query")
    kind = _kind(query)
    codes = _organisation_codes(query.code, today) if query.code else ()
    partial = parse_partial_id(query.id_number, today) if query.id_number else None
    if partial is not None and kind != "person":
        raise UserError("证件号码只用于自然人，组织请填写统一社会信用代码", code="bad_query")
    id_hash = vault.lookup_key(partial.text) if partial is not None and partial.full and vault else None
    regions: tuple[str, ...] = ()
    if query.region:
        regions = region_codes(query.region)
        if not regions:
            raise UserError(f"地区“{query.region}”不是 GB/T 2260 行政区划代码或地名", code="bad_query")
    if query.birth_date and query.birth_date > today:
        raise UserError(f"出生日期 {query.birth_date.isoformat()} 晚于今天", code="bad_query")
    return PreparedQuery(
        query=query, kind=kind,
        org=parse_org_name(name) if name and kind != "person" else None,
        person=person_key(name) if name and kind == "person" else None,
        person_pinyin=person_pinyin_keys(name) if name and kind == "person" else frozenset(),
        codes=codes, partial_id=partial, id_hash=id_hash, regions=regions,
        legal_rep=person_key(query.legal_rep) if query.legal_rep else None,
        legal_rep_pinyin=person_pinyin_keys(query.legal_rep) if query.legal_rep else frozenset(),
    )


def prepare_all(queries: Sequence[MatchQuery], vault: PersonIdVault | None, today: date) -> list[PreparedQuery]:
    """Check every query; one ``UserError`` lists every bad one by its number, so none is lost silently."""
    prepared, problems = [], []
    for number, query in enumerate(queries, start=1):
        try:
            prepared.append(prepare(query, vault, today))
        except UserError as error:
            problems.append(f"第 {number} 个主体：{error.message}")
    if problems:
        raise UserError("以下主体无法比对：\n- " + "\n- ".join(problems), code="bad_query")
    return prepared
