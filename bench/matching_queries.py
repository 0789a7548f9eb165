"""Screening queries for the matching benchmark: listed subjects written the way departments write them,
and look-alikes that must not hit (branch offices of listed firms, similar names of unlisted firms,
namesakes of listed people).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import opencc

from xinyong.identifiers import mask
from xinyong.matching import MatchQuery
from xinyong.matching.index import deletions
from xinyong.matching.names import LEGAL_FORMS, parse_org_name, simplify

_TO_TRADITIONAL = opencc.OpenCC("s2t")
TYPO_CHARS = "华信恒达诚宏图盛世广源金海川鸿运瑞丰粤港珠江南湾山银湖凤博雅致远天成中科新航韵蓝桂景和安泰永隆德庆嘉禾"


@dataclass(frozen=True)
class Subject:
    """A registered subject as the benchmark knows it (the full ID only for building person queries)."""

    subject_id: int
    kind: str
    name: str
    code: str  # organisations: the registered code; people: the citizen ID in clear
    legal_rep: str | None


@dataclass(frozen=True)
class Labelled:
    query: MatchQuery
    expected: int | None  # the listed subject the query is about, or None for a true negative
    family: str  # what kind of query it is, for the breakdown


def _full_width(code: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in code)


def format_code(rng: random.Random, code: str) -> str:
    """The code as a department's system sends it: mostly clean, sometimes spaced, full-width or lower case."""
    roll = rng.random()
    if roll < 0.1:
        return _full_width(code)
    if roll < 0.2:
        return code.lower()
    if roll < 0.25:
        return f" {code[:6]} {code[6:]} "
    return code


def _strip_form(name: str) -> str:
    for suffix, _ in LEGAL_FORMS:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _typo(rng: random.Random, name: str) -> str:
    """One character of the 字号 or 行业 changed (never the place name before it)."""
    core = parse_org_name(name).core
    start = simplify(name).find(core)
    if len(core) < 4 or start < 0:
        return name
    position = start + rng.randrange(2, len(core))
    return name[:position] + rng.choice([c for c in TYPO_CHARS if c != name[position]]) + name[position + 1:]


def _bracketed(name: str) -> str:
    parsed = parse_org_name(name)
    if not parsed.places or not name.startswith("珠海市") or len(parsed.core) < 3:
        return name
    rest = name[len("珠海市"):]
    return rest[:2] + "（珠海）" + rest[2:]


def perturb_org(rng: random.Random, name: str) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.2:
        return _TO_TRADITIONAL.convert(name), "org_traditional"
    if roll < 0.35:
        return _bracketed(name), "org_brackets"
    if roll < 0.5:
        return _strip_form(name), "org_no_legal_form"
    if roll < 0.7:
        return _typo(rng, name), "org_typo"
    if roll < 0.8:
        return unicodedata.normalize("NFKC", name).replace("有限公司", " 有限公司"), "org_spaces"
    return name, "org_exact"


def person_query(rng: random.Random, subject: Subject) -> tuple[MatchQuery, str]:
    number = subject.code
    roll = rng.random()
    if roll < 0.5:
        return MatchQuery(name=subject.name, id_number=mask(number), kind="person"), "person_masked_4_4"
    if roll < 0.8:
        return MatchQuery(name=subject.name, id_number=number[:10] + "****" + number[14:], kind="person"), \
            "person_masked_10_4"
    return MatchQuery(name=_TO_TRADITIONAL.convert(subject.name), id_number=number, kind="person"), "person_full_id"


def look_alike_pairs(listed: Sequence[Subject], unlisted: Sequence[Subject]) -> list[tuple[Subject, Subject]]:
    """Unlisted organisations whose name core is one edit from a listed one's (华信电子 / 华诚电子)."""
    by_variant: dict[str, Subject] = {}
    for subject in listed:
        if subject.kind != "person":
            for variant in deletions(parse_org_name(subject.name).core):
                by_variant.setdefault(variant, subject)
    pairs = []
    for other in unlisted:
        if other.kind == "person":
            continue
        core = parse_org_name(other.name).core
        match = next((by_variant[v] for v in deletions(core) if v in by_variant), None)
        if match is not None and parse_org_name(match.name).core != core:
            pairs.append((match, other))
    return pairs


def build_queries(rng: random.Random, listed: Sequence[Subject], unlisted: Sequence[Subject],
                  branches: dict[int, str], count: int) -> list[Labelled]:
    """Half by code, half by name: about 60% of code and 50% of name queries are about listed subjects."""
    queries: list[Labelled] = []
    by_code, by_name = count // 2, count - count // 2
    for _ in range(by_code):
        subject, expected = (rng.choice(listed), True) if rng.random() < 0.6 else (rng.choice(unlisted), False)
        if subject.kind == "person":
            query = MatchQuery(id_number=subject.code)
        else:
            query = MatchQuery(code=format_code(rng, subject.code))
        queries.append(Labelled(query, subject.subject_id if expected else None, "code"))
    pairs = look_alike_pairs(listed, unlisted)
    people = [s for s in listed if s.kind == "person"]
    namesakes: dict[str, list[Subject]] = {}
    for other in unlisted:
        if other.kind == "person":
            namesakes.setdefault(other.name, []).append(other)
    shared = [p for p in people if p.name in namesakes]
    firms = [s for s in listed if s.kind != "person" and "有限公司" in s.name]
    for _ in range(by_name):
        roll = rng.random()
        if roll < 0.5:
            subject = rng.choice(listed)
            if subject.kind == "person":
                query, family = person_query(rng, subject)
            else:
                name, family = perturb_org(rng, subject.name)
                rep = subject.legal_rep if rng.random() < 0.3 else None
                query = MatchQuery(name=name, legal_rep=rep)
            queries.append(Labelled(query, subject.subject_id, family))
        elif roll < 0.65 and firms:
            firm = rng.choice(firms)
            name = branches.get(firm.subject_id) or firm.name + rng.choice(["香洲", "斗门", "金湾"]) + "分公司"
            queries.append(Labelled(MatchQuery(name=name), None, "neg_branch"))
        elif roll < 0.8 and pairs:
            _, other = rng.choice(pairs)
            queries.append(Labelled(MatchQuery(name=other.name), None, "neg_similar_name"))
        elif roll < 0.9 and shared:
            other = rng.choice(namesakes[rng.choice(shared).name])
            queries.append(Labelled(MatchQuery(name=other.name, id_number=mask(other.code), kind="person"), None,
                                    "neg_namesake"))
        else:
            other = rng.choice(unlisted)
            query = (MatchQuery(name=other.name, id_number=mask(other.code), kind="person")
                     if other.kind == "person" else MatchQuery(name=other.name))
            queries.append(Labelled(query, None, "neg_unlisted"))
    rng.shuffle(queries)
    return queries
