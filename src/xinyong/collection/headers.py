"""Matching a file's header row to catalog fields: by code, Chinese label, synonym or v1.0 name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xinyong.catalog.keys import match_key
from xinyong.catalog.model import FieldType, Item
from xinyong.errors import UserError

#: Rows looked at to find the header below title rows (标题行).
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    field: str | None  # None: not in the catalog (reported, its values ignored)
    matched_by: str  # code | label | synonym | legacy_v1 | unknown


@dataclass(frozen=True)
class HeaderMap:
    row_number: int  # the header's row as the department sees it
    columns: tuple[Column, ...]
    legacy_v1: bool  # the header used v1.0 names: v1.0 code values apply

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.field is None and c.header)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.field for c in self.columns if c.field))

    def describe_unknown(self) -> str:
        return "、".join(f"“{h}”" for h in self.unknown)


class HeaderMatcher:
    def __init__(self, item: Item) -> None:
        self.item = item
        self._names: dict[str, tuple[str, str]] = {}
        for field in item.fields:
            self._names[match_key(field.code)] = (field.code, "code")
            self._names[match_key(field.label)] = (field.code, "label")
            for synonym in field.synonyms:
                self._names.setdefault(match_key(synonym), (field.code, "synonym"))
        for legacy, target in item.legacy_columns.items():
            self._names.setdefault(match_key(legacy), (target, "legacy_v1"))

    def lookup(self, header: Any) -> tuple[str, str] | None:
        return self._names.get(match_key(str(header))) if header not in (None, "") else None

    def looks_like_header(self, cells: Sequence[Any]) -> bool:
        filled = [c for c in cells if str(c).strip()]
        matched = sum(1 for c in filled if self.lookup(c))
        return matched >= 2 and matched * 2 >= len(filled)

    def match(self, cells: Sequence[Any], row_number: int, source: str, *,
              one_column_per_field: bool = True) -> HeaderMap:
        """The columns matched; JSON records may name one field differently from record to record."""
        columns = []
        for index, cell in enumerate(cells):
            header = str(cell).strip() if cell is not None else ""
            found = self.lookup(header)
            columns.append(Column(index, header, *(found or (None, "unknown"))))
        if one_column_per_field:
            self._check_duplicates(columns, source)
        self._check_required(columns, source)
        legacy = any(c.matched_by == "legacy_v1" for c in columns)
        return HeaderMap(row_number, tuple(columns), legacy)

    def _check_duplicates(self, columns: list[Column], source: str) -> None:
        seen: dict[str, Column] = {}
        for column in columns:
            if not column.field:
                continue
            first = seen.setdefault(column.field, column)
            field = self.item.field(column.field)
            # A multi-valued code field may be spread over columns (v1.0 CF_CFLB1 + CF_CFLB2).
            if first is not column and not (field.multiple and field.type is FieldType.CODE):
                raise UserError(
                    f"文件“{source}”的第 {first.index + 1} 列“{first.header}”和第 {column.index + 1} 列"
                    f"“{column.header}”都对应字段“{field.label}”（{field.code}），请删去其中一列",
                    code="duplicate_column",
                )

    def _check_required(self, columns: list[Column], source: str) -> None:
        present = {c.field for c in columns if c.field}
        missing = [f for f in self.item.fields if f.required and f.code not in present]
        missing_groups = [g for g in self.item.groups if not present & set(g.fields)]
        if missing or missing_groups:
            parts = [f"“{f.label}”（{f.code}）" for f in missing]
            parts += [f"“{g.label}”（{' / '.join(g.fields)} 至少一列）" for g in missing_groups]
            raise UserError(
                f"文件“{source}”缺少“{self.item.name}”的必填列：{'、'.join(parts)}",
                code="missing_columns",
            )


def find_header(rows: Sequence[tuple[int, Sequence[Any]]], matcher: HeaderMatcher, source: str) -> int:
    """Index in ``rows`` of the header row; title rows above it are skipped."""
    for position, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if matcher.looks_like_header(cells):
            return position
    raise UserError(
        f"文件“{source}”的前 {HEADER_SEARCH_ROWS} 行中找不到“{matcher.item.name}”的表头"
        f"（表头应使用字段代码如 {matcher.item.fields[0].code} 或中文名如“{matcher.item.fields[0].label}”）",
        code="no_header",
    )
