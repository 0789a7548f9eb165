"""Streaming a department's file as rows keyed by catalog field codes.

One shape for every door: ``open_source(path, item)`` for files (CSV, XLSX, XLS, JSON) and
``records_source(records, item)`` for pushed JSON, each giving a ``Source`` with the matched
``header`` and a one-pass ``rows()`` iterator of ``RawRow``. Row numbers are the department's:
the spreadsheet row (title and header rows counted), or the record's position in JSON.
CSV is streamed, so a file of millions of rows is read in bounded memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

import python_calamine

from xinyong.catalog.model import Item
from xinyong.collection.encoding import SAMPLE_BYTES, detect_encoding
from xinyong.collection.headers import HEADER_SEARCH_ROWS, HeaderMap, HeaderMatcher, find_header
from xinyong.errors import UserError

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
_EXCEL_ERRORS = (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError,
                 python_calamine.PasswordError, python_calamine.WorksheetNotFound, ValueError, OSError)


@dataclass(frozen=True)
class RawRow:
    number: int  # as the department sees it
    values: dict[str, Any]  # field code → the cell as read ('' when empty)
    extra: tuple[str, ...] = ()  # filled cells right of the last header column


class Source:
    """An open file or push: what it is, its header, and its rows (read once)."""

    def __init__(self, name: str, kind: str, encoding: str | None, header: HeaderMap,
                 rows: Iterator[RawRow], close: Callable[[], None] = lambda: None) -> None:
        self.name, self.format, self.encoding, self.header = name, kind, encoding, header
        self._rows, self._close = rows, close

    def rows(self) -> Iterator[RawRow]:
        return self._rows

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _blank(cells: Sequence[Any]) -> bool:
    try:
        # A CSV row is all text: joined in one C call instead of looking at each cell.
        return not "".join(cells).strip()
    except TypeError:  # a spreadsheet's numbers, dates and empty cells
        return all(cell is None or cell == "" or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _rows_after_header(numbered: Iterator[tuple[int, Sequence[Any]]], matcher: HeaderMatcher,
                       source: str) -> tuple[HeaderMap, Iterator[RawRow]]:
    """Find the header among the first rows, then map every later non-blank row to fields."""
    head: list[tuple[int, Sequence[Any]]] = []
    for number, cells in numbered:
        if not _blank(cells):
            head.append((number, cells))
            if len(head) >= HEADER_SEARCH_ROWS or matcher.looks_like_header(cells):
                break
    if not head:
        raise UserError(f"文件“{source}”是空的，没有表头也没有数据", code="empty_file")
    position = find_header(head, matcher, source)
    header = matcher.match(head[position][1], head[position][0], source)
    plan = [(c.index, c.field) for c in header.columns if c.field]
    width = len(header.columns)
    codes = [code for _, code in plan]
    # One column per field and a full row: pick the cells in one C call.
    pick = itemgetter(*(index for index, _ in plan)) if len(set(codes)) == len(codes) > 1 else None

    def mapped() -> Iterator[RawRow]:
        for number, cells in chain(head[position + 1:], numbered):
            if _blank(cells):
                continue
            size = len(cells)
            if pick is not None and size == width:
                yield RawRow(number, dict(zip(codes, pick(cells), strict=True)))
                continue
            values: dict[str, Any] = {}
            for index, code in plan:
                cell = cells[index] if index < size else ""
                if code in values and values[code] not in ("", None) and cell not in ("", None):
                    values[code] = f"{values[code]};{cell}"
                elif code not in values or cell not in ("", None):
                    values[code] = cell
            extra = tuple(str(c) for c in cells[width:] if c not in ("", None) and str(c).strip())
            yield RawRow(number, values, extra)

    return header, mapped()


def _delimiter(sample: str) -> str:
    lines = sample.splitlines()[:5]
    return "\t" if sum(line.count("\t") for line in lines) > sum(line.count(",") for line in lines) else ","


def _undecodable_row(path: Path, encoding: str, delimiter: str) -> int:
    """The first record holding bytes ``encoding`` cannot decode (the slow path, after an error)."""
    with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as handle:
        for number, record in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            if any(any("\udc80" <= ch <= "\udcff" for ch in cell) for cell in record):
                return number
    return 0


def _open_csv(path: Path, item: Item, name: str) -> Source:
    encoding = detect_encoding(path, name)
    handle = path.open("r", encoding=encoding, newline="")
    try:
        delimiter = _delimiter(handle.read(SAMPLE_BYTES // 4))
        handle.seek(0)
        reader = csv.reader(handle, delimiter=delimiter)
        state = {"number": 0}

        def numbered() -> Iterator[tuple[int, list[str]]]:
            try:
                for record in reader:
                    state["number"] += 1
                    yield state["number"], record
            except UnicodeDecodeError:
                bad = _undecodable_row(path, encoding, delimiter)
                raise UserError(f"文件“{name}”第 {bad} 行有无法按 {encoding} 解码的字节，"
                                f"文件可能混用了多种编码或已损坏", code="bad_encoding") from None
            except csv.Error as error:
                raise UserError(f"文件“{name}”第 {state['number'] + 1} 行不是有效的 CSV：{error}",
                                code="bad_csv") from None

        header, rows = _rows_after_header(numbered(), HeaderMatcher(item), name)
    except BaseException:
        handle.close()
        raise
    return Source(name, "csv", encoding, header, rows, handle.close)


def _open_excel(path: Path, item: Item, name: str, kind: str) -> Source:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        first_row = sheet.start[0] if sheet.start else 0
        cells = list(sheet.iter_rows())
    except _EXCEL_ERRORS:
        raise UserError(f"文件“{name}”不是可读取的 Excel 文件（已损坏、不完整或加密），请重新导出后再报送",
                        code="bad_excel") from None
    numbered = ((first_row + offset + 1, row) for offset, row in enumerate(cells))
    header, rows = _rows_after_header(numbered, HeaderMatcher(item), name)
    return Source(name, kind, None, header, rows, workbook.close)


def _records(document: Any, name: str) -> list[Any]:
    if isinstance(document, dict) and isinstance(document.get("records"), list):
        return document["records"]
    if isinstance(document, list):
        return document
    raise UserError(f"“{name}”应是对象数组，或形如 {{\"records\": [...]}} 的对象", code="bad_json")


def records_source(document: Any, item: Item, *, name: str = "推送数据") -> Source:
    """Rows from JSON already parsed: an array of objects, or ``{"records": [...]}``."""
    records = _records(document, name)
    keys: dict[str, None] = {}
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise UserError(f"“{name}”第 {number} 条记录不是对象（键: 值）", code="bad_json")
        keys.update(dict.fromkeys(str(k) for k in record))
    matcher = HeaderMatcher(item)
    header = matcher.match(list(keys), 0, name, one_column_per_field=False)
    plan = [(c.header, c.field) for c in header.columns if c.field]

    def rows() -> Iterator[RawRow]:
        for number, record in enumerate(records, start=1):
            values: dict[str, Any] = {}
            for key, code in plan:
                value = record.get(key, "")
                if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
                    value = ";".join(str(v) for v in value)
                if code not in values or value not in ("", None):
                    values[code] = value
            # A record carrying only unknown keys still comes through: cleaning reports it.
            if any(v not in ("", None) for v in record.values()):
                yield RawRow(number, values)

    return Source(name, "json", "utf-8", header, rows())


def _open_json(path: Path, item: Item, name: str) -> Source:
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"JSON 文件“{name}”不是 UTF-8 编码", code="bad_encoding") from None
    except json.JSONDecodeError as error:
        raise UserError(f"JSON 文件“{name}”第 {error.lineno} 行第 {error.colno} 列格式有误：{error.msg}",
                        code="bad_json") from None
    return records_source(document, item, name=name)


def sniff_format(path: Path) -> str:
    """``csv``, ``xlsx``, ``xls`` or ``json``, from the content first and the extension second."""
    with path.open("rb") as handle:
        start = handle.read(8)
    suffix = path.suffix.lower().lstrip(".")
    if start.startswith(_ZIP):
        return "xlsx"
    if start.startswith(_OLE):
        return "xls"
    if suffix in ("xlsx", "xls"):
        return suffix  # not a workbook inside: reading it reports the damage
    if suffix == "json" or start.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def open_source(path: Path, item: Item, *, name: str | None = None) -> Source:
    """Open a department's file for ``item``; ``name`` is how messages call it (default: file name)."""
    name = name or path.name
    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(f"文件“{name}”不存在或是空文件", code="empty_file")
    kind = sniff_format(path)
    if kind == "csv":
        return _open_csv(path, item, name)
    if kind == "json":
        return _open_json(path, item, name)
    return _open_excel(path, item, name, kind)


def read_all(source: Source) -> list[RawRow]:
    """Every row of a small source (tests and previews); large files should iterate ``rows()``."""
    with source:
        return list(source.rows())

