"""Scoring candidates with the declared features, and deciding which are confident hits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from xinyong.matching.candidates import CandidateSource, SubjectRecord
from xinyong.matching.features import CAPS, FEATURES, Candidate, FeatureResult
from xinyong.matching.query import MatchQuery, PreparedQuery, prepare_all
from xinyong.matching.rules import Algorithm, MatchRules, get_rules
from xinyong.subjects.person_ids import PersonIdVault


@dataclass(frozen=True)
class Evidence:
    """One feature that counted: its weight, its value, and which value met which."""

    feature: str
    weight: float
    value: float
    query: str | None
    candidate: str | None
    detail: str


@dataclass(frozen=True)
class CandidateMatch:
    subject_id: int
    kind: str
    name: str
    matched_name: str | None  # the former name it was found by
    code: str | None  # an organisation's code; a person's masked ID only
    status: str
    score: float
    confident: bool
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class MatchResult:
    algorithm: str
    threshold: float
    candidates: tuple[CandidateMatch, ...]  # best first
    excluded: tuple[int, ...]  # subjects found but cleared by the asker before

    @property
    def hits(self) -> list[CandidateMatch]:
        return [c for c in self.candidates if c.confident]

    @property
    def best(self) -> CandidateMatch | None:
        return self.candidates[0] if self.candidates else None


def score(algorithm: Algorithm, query: PreparedQuery, candidate: Candidate) -> tuple[float, list[Evidence]]:
    """Positive evidence adds up to at most 1, then every negative qualifier takes its part off."""
    results: dict[str, FeatureResult] = {}
    evidence: list[Evidence] = []
    positive = negative = 0.0
    for declared in (*algorithm.features, *algorithm.qualifiers):
        result = FEATURES[declared.id](query, candidate)
        if result is None or result.value == 0:
            continue
        results[declared.id] = result
        if declared.weight >= 0:
            positive += declared.weight * result.value
        else:
            negative -= declared.weight * result.value
        evidence.append(Evidence(declared.id, declared.weight, result.value, result.query, result.candidate,
                                 result.detail))
    total = max(min(positive, 1.0) - negative, 0.0)
    for rule in algorithm.caps:
        reason = CAPS[rule.id](query, candidate, results, rule.params)
        if reason:
            total = min(total, rule.max_score)
            evidence.append(Evidence(rule.id, 0.0, rule.max_score, query.query.name, candidate.name, reason))
    return round(total, 4), evidence


class Matcher:
    """Finds and scores the subjects a query may mean; batch-friendly (one prepared query each)."""

    def __init__(self, source: CandidateSource, rules: MatchRules | None = None,
                 vault: PersonIdVault | None = None) -> None:
        self.source = source
        self.rules = rules or get_rules()
        self.vault = vault

    def match(self, query: MatchQuery, today: date, threshold: float | None = None) -> MatchResult:
        return self.match_many([query], today, threshold)[0]

    def match_many(self, queries: Sequence[MatchQuery], today: date,
                   threshold: float | None = None) -> list[MatchResult]:
        """Every query checked first (one ``UserError`` names all bad ones), then each matched."""
        prepared = prepare_all(queries, self.vault, today)
        algorithms = {name: a if threshold is None else a.with_threshold(threshold)
                      for name, a in self.rules.algorithms.items()}
        return [self._match(q, algorithms["person" if q.is_person else "organisation"]) for q in prepared]

    def _match(self, query: PreparedQuery, algorithm: Algorithm) -> MatchResult:
        records = self.source.candidates(query, self.rules.candidates)
        excluded = tuple(r.subject_id for r in records if r.subject_id in query.query.exclude)
        scored, cleared = [], 0.0
        for record in records:
            value, evidence = score(algorithm, query, Candidate(record, self.source.namesakes))
            if record.subject_id in query.query.exclude:
                cleared = max(cleared, value)
            else:
                scored.append((value, record, evidence))
        scored.sort(key=lambda s: -s[0])
        # A cleared subject still counts as the best answer: with the firm the name really means set
        # aside, a firm one character away must not become a confident hit in its place.
        best = max(scored[0][0] if scored else 0.0, cleared)

        def confident(value: float) -> bool:
            return value >= algorithm.threshold and (value == best or value > best - algorithm.margin)

        matches = tuple(_candidate(record, value, confident(value), evidence)
                        for value, record, evidence in scored[: self.rules.returned])
        return MatchResult(algorithm.name, algorithm.threshold, matches, excluded)


def _candidate(record: SubjectRecord, value: float, confident: bool, evidence: list[Evidence]) -> CandidateMatch:
    code = record.id_masked if record.kind == "person" else record.code
    return CandidateMatch(record.subject_id, record.kind, record.name, record.alias, code, record.status, value,
                          confident, tuple(evidence))
