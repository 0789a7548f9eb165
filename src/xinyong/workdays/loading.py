"""Reading and checking the calendar data files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from xinyong.errors import UserError


@dataclass(frozen=True)
class YearSchedule:
    year: int
    provisional: bool
    source: str
    holidays: dict[date, str] = field(default_factory=dict)
    makeup_workdays: frozenset[date] = frozenset()


def _bad(path: Path, message: str) -> UserError:
    return UserError(f"工作日历数据文件 {path.name} 有误：{message}", code="calendar_invalid")


def _date(path: Path, year: int, value: Any) -> date:
    if not isinstance(value, date):
        raise _bad(path, f"{year} 年中的 {value!r} 不是日期（应写作 YYYY-MM-DD）")
    if value.year != year:
        raise _bad(path, f"日期 {value} 不属于 {year} 年")
    return value


def _schedule(path: Path, year: int, body: dict[str, Any], provisional: bool, source: str) -> YearSchedule:
    holidays: dict[date, str] = {}
    for run in body.get("holidays") or []:
        start, end = _date(path, year, run.get("from")), _date(path, year, run.get("to"))
        if end < start or not run.get("name"):
            raise _bad(path, f"{year} 年假期 {run} 的起止日期颠倒或缺少名称")
        day = start
        while day <= end:
            if day in holidays:
                raise _bad(path, f"{day} 在 {year} 年的假期中出现了两次")
            holidays[day] = str(run["name"])
            day += timedelta(days=1)
    makeup = frozenset(_date(path, year, d) for d in body.get("makeup_workdays") or [])
    clash = sorted(makeup & holidays.keys())
    if clash:
        raise _bad(path, f"{clash[0]} 既是假期又是调休上班日")
    return YearSchedule(year, provisional, source, holidays, makeup)


def load_schedules(paths: list[Path]) -> list[YearSchedule]:
    """Every year from every file, checked: no year twice, no gap between years."""
    schedules: dict[int, YearSchedule] = {}
    for path in paths:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        status = document.get("status")
        if status not in ("official", "provisional"):
            raise _bad(path, f"status 应为 official 或 provisional，而不是 {status!r}")
        for year, body in (document.get("years") or {}).items():
            if year in schedules:
                raise _bad(path, f"{year} 年已在另一个文件中收录；正式安排公布后请从临时安排中删去该年")
            schedules[year] = _schedule(path, year, body or {}, status == "provisional",
                                        str(document.get("source", "")))
    if not schedules:
        raise UserError("工作日历没有收录任何年份", code="calendar_invalid")
    years = sorted(schedules)
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if missing:
        raise UserError(f"工作日历缺少 {missing[0]} 年，覆盖范围必须连续", code="calendar_invalid")
    return [schedules[y] for y in years]
