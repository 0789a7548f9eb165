"""Code values to code-table codes: by code, label or synonym, old lists included."""

from __future__ import annotations

import re
from typing import Any

from xinyong.catalog.keys import match_key
from xinyong.catalog.model import CodeTable, LegacyValue
from xinyong.collection.normalise import BadValue, as_text

_SPLIT = re.compile(r"[;；、]")
_NOTE = re.compile(r"[-—:：(（]")  # "其他-责令改正", "其他（注明）"

#: An old value to resolve with the row's context text: (label, fallback code, ((word, code), …)).
Pending = tuple[str, str, tuple[tuple[str, str], ...]]


class CodeLookup:
    def __init__(self, table: CodeTable, label: str, recode: dict[str, str] | None = None) -> None:
        self.table, self.label = table, label
        self._recode = recode or {}
        self._codes: dict[str, str] = {}
        for value in table.values:
            for name in (value.code, value.label, *value.synonyms):
                self._codes.setdefault(match_key(name), value.code)
        self._legacy: dict[str, LegacyValue] = {match_key(v.label): v for v in table.legacy}
        self._cache: dict[str, Any] = {}

    def _find(self, text: str) -> str | Pending | None:
        text = self._recode.get(text.strip(), text)
        key = match_key(text)
        if key in self._codes:
            return self._codes[key]
        legacy = self._legacy.get(key)
        if legacy is not None:
            return (legacy.label, legacy.to, legacy.pick) if legacy.pick else legacy.to
        head = _NOTE.split(key, maxsplit=1)[0]
        return self._codes.get(head) if head != key else None

    def _unknown(self, parts: list[str]) -> BadValue:
        shown = "、".join(f"“{p}”" for p in parts)
        return BadValue("unknown_code", f"{shown}不在代码表“{self.table.name}”中"
                                        f"（可用：{'、'.join(v.label for v in self.table.values)}）")

    def one(self, value: Any) -> str:
        text = as_text(value)
        found = self._cache.get(text)
        if found is None:
            result = self._find(text)
            if result is None:
                raise self._unknown([text])
            found = result if isinstance(result, str) else result[1]
            self._cache[text] = found
        return found

    def many(self, value: Any) -> tuple[str | Pending, ...]:
        """Several values separated by ; ； or 、 — or one old value that itself contains 、."""
        text = as_text(value)
        found = self._cache.get(text)
        if found is not None:
            return found
        whole = self._find(text)
        if whole is not None:
            found = (whole,)
        else:
            parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
            results = [(p, self._find(p)) for p in parts]
            unknown = [p for p, r in results if r is None]
            if unknown:
                raise self._unknown(unknown)
            found = tuple(dict.fromkeys(r for _, r in results if r is not None))
        if len(self._cache) < 100_000:
            self._cache[text] = found
        return found
