"""Cleaning a raw row against its catalog item: clean values, raw values, problems.

``RowCleaner(catalog, item, received_on=…)`` is built once per file (it precompiles one
normaliser per field); ``clean(raw_row)`` then costs a few dictionary look-ups per cell.
Problems carry stable reason codes for quality metrics and review queues:

===========================  ==================================================================
reason                       meaning
===========================  ==================================================================
required_missing             a required field (or one required by another field's value) is empty
group_empty                  (warning) none of an at-least-one-of group (e.g. 相对人代码) is filled: the
                             record is kept and attaches by name only if that is unambiguous
bad_date / bad_amount        not a date / not an amount
bad_integer                  not a whole number
unknown_code                 not a value of the field's code table
too_long                     longer than the field's length
identifier_lost_precision    an 18-digit code Excel stored as a number
date_order                   a date before the date it may not precede (有效期至 < 有效期自)
decided_after_received       the decision date is after the day the platform received the row
extra_cells                  filled cells right of the header (data without a column)
bad_value                    a nested JSON value where a plain value belongs
legacy_code_ambiguous        (warning) an old 处罚类别 that could not be resolved from 处罚内容
kind_inferred                (warning) 相对人类别 was empty and was inferred from the codes
===========================  ==================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from xinyong.catalog import Catalog
from xinyong.catalog.model import Field, FieldType, Item
from xinyong.collection.codes import CodeLookup
from xinyong.collection.normalise import (
    EDGES,
    NULL_CELLS,
    BadValue,
    as_text,
    clean_amount,
    clean_date,
    clean_identifier,
    clean_integer,
    clean_text,
    is_null,
    jsonable,
)
from xinyong.collection.readers import RawRow
from xinyong.identifiers import mask

_EMPTY = (None, "", ())
_MEMO_MAX_LENGTH = 256
_MEMO_SIZE = 20_000
WARNINGS = frozenset({"legacy_code_ambiguous", "kind_inferred", "group_empty"})
_ORGANISATION, _PERSON, _INDIVIDUAL = "1", "2", "3"  # party_kind codes


@dataclass(frozen=True)
class Problem:
    reason: str
    field: str | None
    value: str | None  # masked when the field holds a person's ID number
    message: str

    @property
    def is_warning(self) -> bool:
        return self.reason in WARNINGS


@dataclass
class CleanRow:
    number: int
    values: dict[str, Any]  # field code → str | date | Decimal | int | tuple of codes | None
    raw: dict[str, str]  # field code → the text as received (personal numbers masked)
    problems: list[Problem] = field(default_factory=list)
    stored: dict[str, Any] = field(default_factory=dict)  # the values as a record stores them (``jsonable``)
    # The cells whose text differs from the stored value (personal numbers masked): a record
    # keeps these as received, and a cell not kept reads as its value.
    received: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems or all(p.is_warning for p in self.problems)

    def messages(self) -> list[str]:
        return [f"第 {self.number} 行：{p.message}" for p in self.problems]


class RowCleaner:
    def __init__(self, catalog: Catalog, item: Item, *, received_on: date, legacy_v1: bool = False) -> None:
        self.item, self.received_on = item, received_on
        self._fields = {f.code: f for f in item.fields}
        # Per field: its normaliser, its length limit, and a memo of values already cleaned —
        # departments repeat the same authority, basis and dates on row after row. Long free
        # text and ID numbers are not memoised.
        self._plan = {
            f.code: (self._normaliser(catalog, f, legacy_v1), f.length,
                     None if f.personal or (f.length or 0) > _MEMO_MAX_LENGTH else {})
            for f in item.fields
        }
        self._personal = {f.code for f in item.fields if f.personal}
        self._decided = item.role("decided_on")
        self._required = [f for f in item.fields if f.required]
        self._required_codes = tuple(f.code for f in self._required)
        self._conditional = [(f, f.required_when) for f in item.fields if f.required_when]
        self._ordered = [f for f in item.fields if f.not_before]
        self._contextual = [f for f in item.fields if f.context_field]
        kind, codes, person = item.role("subject_kind"), item.role("subject_codes"), item.role("person_id")
        self._kind_field = kind if isinstance(kind, str) else None
        self._kind_labels = (catalog.code_table(self._fields[kind].code_table or "")
                             if isinstance(kind, str) else None)
        self._code_fields = (codes,) if isinstance(codes, str) else tuple(codes or ())
        self._person_field = person if isinstance(person, str) else None

    def _normaliser(self, catalog: Catalog, spec: Field, legacy_v1: bool) -> Callable[[Any], Any]:
        if spec.type is FieldType.CODE:
            lookup = CodeLookup(catalog.code_table(spec.code_table or ""),
                                spec.label, self.item.legacy_values.get(spec.code) if legacy_v1 else None)
            return lookup.many if spec.multiple else lookup.one
        return {
            FieldType.TEXT: clean_text, FieldType.DATE: clean_date, FieldType.AMOUNT: clean_amount,
            FieldType.INTEGER: clean_integer, FieldType.IDENTIFIER: clean_identifier,
        }[spec.type]

    def _problem(self, reason: str, spec: Field | None, value: Any, message: str) -> Problem:
        text = None if value is None else as_text(value)
        if spec is not None and spec.code in self._personal and text:
            text = mask(text)
        where = f"“{spec.label}”（{spec.code}）" if spec else ""
        return Problem(reason, spec.code if spec else None, text, f"{where}{message}")

    def clean(self, row: RawRow) -> CleanRow:
        values: dict[str, Any] = {}
        stored: dict[str, Any] = {}
        received: dict[str, str] = {}
        raw = dict(row.values)
        problems: list[Problem] = []
        plan = self._plan
        for code, cell in raw.items():
            normaliser, length, memo = plan[code]
            if type(cell) is str:
                if memo is not None and (known := memo.get(cell)) is not None:
                    values[code], stored[code], altered = known
                    if altered:
                        received[code] = cell
                    continue
                # is_null inlined for the common cases: this loop runs once per cell.
                if cell in NULL_CELLS or ((cell[0] in EDGES or cell[-1] in EDGES) and is_null(cell)):
                    values[code] = stored[code] = None
                    if cell:
                        received[code] = cell
                    continue
            elif cell is None:
                raw[code] = ""
                values[code] = stored[code] = None
                continue
            elif isinstance(cell, dict | list):
                problems.append(self._problem("bad_value", self._fields[code], as_text(cell),
                                              "应为单个值，而不是嵌套的对象或数组"))
                values[code] = stored[code] = None
                continue
            else:
                raw[code] = as_text(cell)
            try:
                value = normaliser(cell)
            except BadValue as bad:
                problems.append(self._problem(bad.reason, self._fields[code], cell, f"的值{bad.message}"))
                values[code] = stored[code] = None
                continue
            form = jsonable(value)
            altered = raw[code] != (form or "")
            if length and type(value) is str and len(value) > length:
                problems.append(self._problem("too_long", self._fields[code], None,
                                              f"长 {len(value)} 字，超过 {length} 字的上限"))
            elif memo is not None and type(cell) is str and len(memo) < _MEMO_SIZE:
                memo[cell] = (value, form, altered)
            values[code], stored[code] = value, form
            if altered:
                received[code] = raw[code]
        for code in self._personal:
            if raw.get(code):
                raw[code] = mask(raw[code])
                self._restate(code, raw, received, mask(str(stored[code])) if stored.get(code) else None)
        if row.extra:
            problems.append(self._problem("extra_cells", None, "、".join(row.extra),
                                          f"表头以外的列有数据：{'、'.join(row.extra)}"))
        for code in self._resolve_legacy(values, problems) + self._infer_kind(values, problems):
            stored[code] = jsonable(values[code])
            self._restate(code, raw, received, stored[code])
        self._check_row(values, problems)
        return CleanRow(row.number, values, raw, problems, stored, received)

    @staticmethod
    def _restate(code: str, raw: dict[str, str], received: dict[str, str], shown: Any) -> None:
        """Whether a cell is kept as received, after its value (or how it is shown) changed."""
        if code in raw and raw[code] != (shown or ""):
            received[code] = raw[code]
        else:
            received.pop(code, None)

    def _resolve_legacy(self, values: dict[str, Any], problems: list[Problem]) -> list[str]:
        """Old 处罚类别 such as 暂扣或者吊销许可证 become 暂扣 or 吊销 by what 处罚内容 says; the fields resolved."""
        resolved = []
        for spec in self._contextual:
            found = values.get(spec.code)
            if not isinstance(found, tuple) or not any(isinstance(v, tuple) for v in found):
                continue
            context = str(values.get(spec.context_field or "") or "")
            codes: list[str] = []
            for value in found:
                if isinstance(value, tuple):
                    label, fallback, pick = value
                    chosen = [code for word, code in pick if word in context][:1]
                    if not chosen:
                        problems.append(self._problem("legacy_code_ambiguous", spec, label,
                                                      f"旧类别“{label}”无法从处罚内容判断，暂按“{fallback}”处理"))
                    codes.extend(chosen or [fallback])
                else:
                    codes.append(value)
            values[spec.code] = tuple(dict.fromkeys(codes))
            resolved.append(spec.code)
        return resolved

    def _infer_kind(self, values: dict[str, Any], problems: list[Problem]) -> list[str]:
        """相对人类别 inferred from the codes when it is empty: the field filled in, if any."""
        kind_field = self._kind_field
        if kind_field is None or self._kind_labels is None or values.get(kind_field):
            return []
        codes = [values[c] for c in self._code_fields if values.get(c)]
        if codes:
            kind = _INDIVIDUAL if str(codes[0]).startswith("92") else _ORGANISATION
        elif self._person_field is not None and values.get(self._person_field):
            kind = _PERSON
        else:
            return []
        values[kind_field] = kind
        problems.append(self._problem("kind_inferred", self._fields[kind_field], None,
                                      f"为空，已按代码推断为“{self._kind_labels.label(kind)}”"))
        return [kind_field]

    def _check_row(self, values: dict[str, Any], problems: list[Problem]) -> None:
        # A field already reported as malformed is not reported again as missing.
        reported = {p.field for p in problems}
        # Every required value truthy is the usual row, told in one C loop; a falsy one (an
        # amount of 0, say) is looked at again below.
        if not all(map(values.get, self._required_codes)):
            for spec in [s for s in self._required if values.get(s.code) in _EMPTY and s.code not in reported]:
                problems.append(self._problem("required_missing", spec, None, "为必填项，不能为空"))
        for spec, condition in self._conditional:
            held = values.get(condition.field)
            if (not condition.any_of.isdisjoint(held) if isinstance(held, tuple) else held in condition.any_of) \
                    and values.get(spec.code) in (None, "") and spec.code not in reported:
                trigger = self._fields[condition.field].label
                problems.append(self._problem("required_missing", spec, None, f"在该“{trigger}”下为必填项"))
        for group in self.item.groups:
            if group.when:
                held = values.get(group.when.field)
                if group.when.any_of.isdisjoint((held,) if isinstance(held, str) else held or ()):
                    continue
            if not any(map(values.get, group.fields)):
                problems.append(Problem("group_empty", None, None,
                                        f"“{group.label}”（{' / '.join(group.fields)}）至少要填一项"))
        for spec in self._ordered:
            later, earlier = values.get(spec.code), values.get(spec.not_before or "")
            if isinstance(later, date) and isinstance(earlier, date) and later < earlier:
                before = self._fields[spec.not_before or ""].label
                problems.append(self._problem("date_order", spec, later.isoformat(),
                                              f"{later.isoformat()} 早于“{before}” {earlier.isoformat()}"))
        decided = values.get(self._decided) if isinstance(self._decided, str) else None
        if isinstance(decided, date) and decided > self.received_on:
            spec = self._fields[str(self._decided)]
            message = f"{decided.isoformat()} 晚于报送日期 {self.received_on.isoformat()}"
            problems.append(self._problem("decided_after_received", spec, decided.isoformat(), message))

