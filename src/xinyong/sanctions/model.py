"""The measures list (措施清单) as typed, immutable data: scenarios, editions and measures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from xinyong.catalog.rules import Dated
from xinyong.lists.model import Confidence, LegalBasis


class Effect(StrEnum):
    RESTRICT = "restrict"  # 惩戒
    REWARD = "reward"  # 激励


class MeasureClass(StrEnum):
    """The three classes of 全国失信惩戒措施基础清单, and incentives."""

    LEGAL = "1"  # 公共管理机构依法依规实施的减损权益或增加义务的措施
    MANAGEMENT = "2"  # 公共管理机构根据履职需要实施的相关管理措施
    MARKET = "3"  # 公共管理机构以外的组织自主实施的措施
    INCENTIVE = "incentive"  # 守信激励措施


class Role(StrEnum):
    """Whom a listing makes a measure apply to."""

    SUBJECT = "subject"  # the listed subject itself
    RESPONSIBLE_PERSON = "responsible_person"  # 法定代表人/主要负责人 a listing names


@dataclass(frozen=True)
class Scenario:
    code: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class Edition(Dated):
    """One published edition of the city's measures list, in force from ``effective_from``."""

    id: str
    name: str
    based_on: str
    confidence: Confidence


@dataclass(frozen=True)
class Measure:
    id: str
    measure_class: MeasureClass
    effect: Effect
    content: str
    legal_basis: tuple[LegalBasis, ...]
    departments: tuple[str, ...]
    implementers: str  # organisations outside government that apply a class-3 measure
    targets: frozenset[str]  # list ids, kinds already resolved
    scenarios: frozenset[str]
    applies_to: frozenset[Role]
    subject_kinds: frozenset[str]  # empty: every kind
    editions: tuple[str, ...]
    confidence: Confidence
    note: str = ""

    def basis_text(self) -> str:
        return "；".join(b.cite() for b in self.legal_basis)

    def applies(self, lists_hit: frozenset[str], scenario: str, edition: str, role: Role,
                subject_kind: str | None) -> bool:
        return (edition in self.editions and scenario in self.scenarios and role in self.applies_to
                and not self.targets.isdisjoint(lists_hit)
                and (subject_kind is None or not self.subject_kinds or subject_kind in self.subject_kinds))


def edition_in_force(editions: list[Edition], on: date) -> Edition | None:
    return next((e for e in editions if e.in_force(on)), None)
