"""USCC positions 1–2: registering authority × organisation type (GB 32100 码表), as data.

Also the list of real codes known to fail the check character, which are kept with a warning.
Both files are read and validated when the package is imported.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from xinyong.identifiers.checksums import USCC_ALPHABET, uscc_check_char
from xinyong.identifiers.rules import DATA, load_rules

Category = Literal[
    "government_agency", "public_institution", "mass_organisation", "foreign_news_agency", "law_firm",
    "notary", "legal_service", "forensic", "arbitration", "foreign_cultural_centre",
    "social_organisation",  # 社会团体
    "private_non_enterprise",  # 民办非企业单位
    "foundation", "tourism_office", "religious_venue", "religious_school", "trade_union", "enterprise",
    "individual_business", "farmer_coop", "military_institution", "rural_collective", "other",
]

# Two characters of the USCC alphabet (no I, O, Z, S, V).
PrefixKey = Annotated[str, StringConstraints(pattern=r"^[0-9A-HJ-NPQRTUWXY]{2}$")]


class UsccPrefix(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    authority: str  # 登记管理部门
    type: str  # 机构类别
    category: Category
    kind: Literal["organisation", "individual_business"]  # the subject kind the code implies
    status: Literal["current", "obsolete"] = "current"


class PrefixTable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    effective_from: date
    sources: list[str]
    prefixes: dict[PrefixKey, UsccPrefix]


class KnownException(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str
    name: str
    expected_check: str
    source: str

    @model_validator(mode="after")
    def _really_fails_the_check(self) -> KnownException:
        if len(self.code) != 18 or any(c not in USCC_ALPHABET for c in self.code):
            raise ValueError(f"{self.code} 不是18位统一社会信用代码字符")
        computed = uscc_check_char(self.code[:17])
        if computed == self.code[17]:
            raise ValueError(f"{self.code} 的校验码本来就对，不必列为例外")
        if computed != self.expected_check:
            raise ValueError(f"{self.code} 的应有校验码是 {computed}，不是 {self.expected_check}")
        return self


class ExceptionList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    effective_from: date
    exceptions: list[KnownException]


PREFIX_TABLE = load_rules(DATA / "uscc_prefixes.yaml", PrefixTable)
PREFIXES: dict[str, UsccPrefix] = PREFIX_TABLE.prefixes
KNOWN_EXCEPTIONS: frozenset[str] = frozenset(
    e.code for e in load_rules(DATA / "uscc_exceptions.yaml", ExceptionList).exceptions
)


def uscc_prefix(code: str) -> UsccPrefix | None:
    """What positions 1–2 of a USCC say: authority, type, category, subject kind; None if not in the table."""
    return PREFIXES.get(code[:2])
