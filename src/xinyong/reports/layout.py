"""The credit report's layout as versioned data (``data/layout.yaml``), checked against the catalog
when the platform starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from xinyong.catalog import Catalog
from xinyong.catalog.catalog import get_catalog
from xinyong.catalog.model import ItemClass
from xinyong.errors import UserError

DATA = Path(__file__).parent / "data" / "layout.yaml"
KINDS = ("registry", "records", "advice", "local")  # registry: the registry entry, then records


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    kind: str = "records"
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    """Holds when the public sees, today, a record of these categories (and this class)."""

    categories: tuple[str, ...]
    item_class: ItemClass | None = None


@dataclass(frozen=True)
class Tag:
    key: str
    label: str
    when: Condition


@dataclass(frozen=True)
class Advice:
    when: Condition
    text: str


@dataclass(frozen=True)
class Layout:
    version: str
    effective_from: date
    standard: str
    report_version: str
    empty_text: str
    sections: tuple[Section, ...]
    tags: tuple[Tag, ...]
    advice_default: str
    advice: tuple[Advice, ...]
    local_marks: tuple[str, ...]
    local_notes: tuple[str, ...]


@dataclass(frozen=True)
class Layouts:
    layouts: tuple[Layout, ...]

    def on(self, day: date) -> Layout:
        """The layout in force on ``day``."""
        current = [layout for layout in self.layouts if layout.effective_from <= day]
        if not current:
            raise UserError(f"{day} 没有生效的报告格式：最早的格式自 {self.layouts[0].effective_from} 起生效")
        return current[-1]


def _condition(raw: dict[str, Any], where: str, catalog_categories: set[str]) -> Condition:
    categories = tuple(str(c) for c in raw.get("categories") or ())
    unknown = [c for c in categories if c not in catalog_categories]
    if not categories or unknown:
        raise UserError(f"报告格式 {where}：categories 须列出目录中的信息类别，{unknown or '为空'} 无效")
    item_class = raw.get("item_class")
    try:
        return Condition(categories, ItemClass(item_class) if item_class else None)
    except ValueError as error:
        raise UserError(f"报告格式 {where}：item_class “{item_class}” 不是 basic/good/dishonest/other") from error


def _layout(raw: dict[str, Any], catalog: Catalog) -> Layout:
    version = str(raw.get("version", "?"))
    known = {c.code for c in catalog.categories()}
    sections = tuple(Section(str(s["key"]), str(s["title"]), str(s.get("kind", "records")),
                             tuple(str(c) for c in s.get("categories") or ())) for s in raw["sections"])
    keys = [s.key for s in sections]
    if len(set(keys)) != len(keys):
        raise UserError(f"报告格式 {version}：章节 key 重复")
    mapped: dict[str, str] = {}
    for section in sections:
        if section.kind not in KINDS:
            raise UserError(f"报告格式 {version}：章节 {section.key} 的 kind “{section.kind}” 无效，应为 {KINDS}")
        for code in section.categories:
            if code not in known or code in mapped:
                raise UserError(f"报告格式 {version}：章节 {section.key} 的信息类别 {code} 不在目录中或已归入"
                                f"章节 {mapped.get(code)}")
            mapped[code] = section.key
    if missing := sorted(known - set(mapped)):
        raise UserError(f"报告格式 {version}：目录中的信息类别 {'、'.join(missing)} 没有归入任何章节，"
                        "这些信息将不会出现在报告中")
    advice = raw["advice"]
    return Layout(
        version=version, effective_from=raw["effective_from"], standard=str(raw["standard"]),
        report_version=str(raw["report_version"]), empty_text=str(raw["empty_text"]), sections=sections,
        tags=tuple(Tag(str(t["key"]), str(t["label"]), _condition(t, f"{version} 标签 {t['key']}", known))
                   for t in raw.get("tags") or ()),
        advice_default=str(advice["default"]),
        advice=tuple(Advice(_condition(rule, f"{version} 建议", known), str(rule["text"]))
                     for rule in advice.get("rules") or ()),
        local_marks=tuple(raw.get("local", {}).get("marks") or ()),
        local_notes=tuple(raw.get("local", {}).get("notes") or ()))


def load_layouts(catalog: Catalog, path: Path = DATA) -> Layouts:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        layouts = tuple(_layout(raw, catalog) for raw in document["layouts"])
    except (KeyError, TypeError) as error:
        raise UserError(f"报告格式文件 {path.name} 缺少必需的字段：{error}") from error
    dates = [layout.effective_from for layout in layouts]
    if not layouts or dates != sorted(set(dates)) or not all(isinstance(d, date) for d in dates):
        raise UserError(f"报告格式文件 {path.name}：各版本须按生效日期（YYYY-MM-DD）从早到晚排列且互不相同")
    return Layouts(layouts)


@lru_cache(maxsize=1)
def get_layouts() -> Layouts:
    return load_layouts(get_catalog())
