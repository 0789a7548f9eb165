"""The catalog's typed, immutable model: items, fields, code tables, departments, versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from xinyong.errors import NotFound


class FieldType(StrEnum):
    TEXT = "text"
    DATE = "date"
    AMOUNT = "amount"  # money in 万元, kept as Decimal
    INTEGER = "integer"
    CODE = "code"  # a value (or values) of a code table
    IDENTIFIER = "identifier"  # a code or number naming a subject: USCC, ID number …


class ItemClass(StrEnum):
    BASIC = "basic"
    GOOD = "good"
    DISHONEST = "dishonest"
    OTHER = "other"


class Disclosure(StrEnum):
    PUBLIC = "public"  # 社会公开
    AUTHORISED = "authorised"  # 授权查询
    SHARED = "shared"  # 政务共享
    CONFIDENTIAL = "confidential"  # 不公开


class Severity(StrEnum):
    MINOR = "minor"  # 轻微
    GENERAL = "general"  # 一般
    SERIOUS = "serious"  # 严重


SEVERITY_LABELS = {Severity.MINOR: "轻微", Severity.GENERAL: "一般", Severity.SERIOUS: "严重"}


@dataclass(frozen=True)
class Condition:
    """True when the row's value of ``field`` (a code field) holds any of ``any_of``."""

    field: str
    any_of: frozenset[str]


@dataclass(frozen=True)
class Field:
    code: str
    label: str
    type: FieldType
    required: bool = False
    length: int | None = None
    synonyms: tuple[str, ...] = ()
    code_table: str | None = None
    multiple: bool = False
    context_field: str | None = None  # text searched to resolve an ambiguous legacy code
    scheme: str | None = None  # identifiers: uscc, organisation_code, person_id …
    personal: bool = False  # holds a person's ID number: never stored, shown or logged in clear
    required_when: Condition | None = None
    not_before: str | None = None  # a date field this one may not precede
    note: str = ""


@dataclass(frozen=True)
class FieldGroup:
    """At least one of ``fields`` must be filled (多选一), when ``when`` holds (always if None)."""

    label: str
    fields: tuple[str, ...]
    when: Condition | None = None


@dataclass(frozen=True)
class Collection:
    frequency: str
    deadline_workdays: int | None = None  # e.g. 双公示: 7 working days …
    deadline_from: str | None = None  # … counted from this date field


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    category: str
    item_class: ItemClass
    disclosure: Disclosure
    fields: tuple[Field, ...]
    subject_kinds: tuple[str, ...]
    legal_basis: tuple[str, ...]
    collection: Collection
    groups: tuple[FieldGroup, ...] = ()
    roles: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    key: tuple[str, ...] = ()
    publicity: str | None = None
    severity: Severity | None = None  # fixed severity of every record (lists)
    severity_rules: str | None = None  # or: severity derived per record by these rules
    # 轻微 records are not published (令36) unless the sector decides to publish them, for at most
    # the rule's maximum period: the item says so here.
    publish_minor: bool = False
    legacy_columns: dict[str, str] = field(default_factory=dict)  # v1.0 name → field code
    legacy_values: dict[str, dict[str, str]] = field(default_factory=dict)
    version: str = ""
    effective_from: date | None = None

    def field(self, code: str) -> Field:
        for candidate in self.fields:
            if candidate.code == code:
                return candidate
        raise NotFound(f"信息项“{self.name}”（{self.id}）没有字段 {code}")

    def has_field(self, code: str) -> bool:
        return any(f.code == code for f in self.fields)

    def role(self, name: str) -> str | tuple[str, ...] | None:
        return self.roles.get(name)


@dataclass(frozen=True)
class CodeValue:
    code: str
    label: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class LegacyValue:
    """A value of an older list: ``pick`` by words in the context text, else ``to``."""

    label: str
    to: str
    pick: tuple[tuple[str, str], ...] = ()  # (word contained, code)


@dataclass(frozen=True)
class CodeTable:
    id: str
    name: str
    values: tuple[CodeValue, ...]
    legacy: tuple[LegacyValue, ...] = ()
    basis: str = ""

    def label(self, code: str) -> str:
        for value in self.values:
            if value.code == code:
                return value.label
        return code

    def codes(self) -> frozenset[str]:
        return frozenset(v.code for v in self.values)


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    uscc: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class CatalogVersion:
    version: str
    effective_from: date
    summary: str
