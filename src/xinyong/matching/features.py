"""The registry of features a matching algorithm may declare, and what each one sees.

A feature compares one prepared query with one candidate and answers a value in 0..1 and the
evidence: which value of the query met which value of the candidate. Its docstring's first line
is its documentation (``docs/matching.md`` is generated from the declarations). Algorithms in
``data/algorithms.yaml`` pick features by id and give them weights; a feature not registered here
cannot be declared.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from xinyong.matching.candidates import SubjectRecord
from xinyong.matching.names import OrgName, parse_org_name, person_key, person_pinyin_keys
from xinyong.matching.query import PreparedQuery


@dataclass(frozen=True, slots=True)
class FeatureResult:
    value: float
    query: str | None
    candidate: str | None
    detail: str


class Candidate:
    """A candidate as the features see it; parsed forms computed once, on first use."""

    def __init__(self, record: SubjectRecord, namesakes: Callable[[str], int]) -> None:
        self.record = record
        self._namesakes = namesakes

    @property
    def name(self) -> str:
        return self.record.alias or self.record.name

    @cached_property
    def org(self) -> OrgName:
        return parse_org_name(self.name)

    @cached_property
    def person(self) -> str:
        return person_key(self.name)

    @cached_property
    def person_pinyin(self) -> frozenset[str]:
        return person_pinyin_keys(self.name)

    @cached_property
    def namesakes(self) -> int:
        return self._namesakes(self.person)


Feature = Callable[[PreparedQuery, Candidate], FeatureResult | None]
Cap = Callable[[PreparedQuery, Candidate, dict[str, FeatureResult], dict[str, float]], str | None]

FEATURES: dict[str, Feature] = {}
CAPS: dict[str, Cap] = {}


def feature(function: Feature) -> Feature:
    FEATURES[function.__name__] = function
    return function


def cap(function: Cap) -> Cap:
    CAPS[function.__name__] = function
    return function


def summary(function: Callable) -> str:
    return (function.__doc__ or "").strip().splitlines()[0]
