"""Working days, counted on the State Council's holiday schedule.

A day is a working day when it is a make-up working day (调休上班), or a Monday–Friday that is not
a holiday. Years come from ``data/official.yaml`` (generated from the annual notices) and
``data/provisional.yaml`` (statutory holidays only, for years not yet scheduled); a date outside
them raises ``CalendarNotCovered`` rather than guessing.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from xinyong.errors import UserError
from xinyong.workdays.loading import YearSchedule, load_schedules

DATA = Path(__file__).parent / "data"


class CalendarNotCovered(UserError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="calendar_not_covered")


@dataclass(frozen=True)
class Coverage:
    first_year: int
    last_year: int
    official_years: tuple[int, ...]
    provisional_years: tuple[int, ...]
    sources: tuple[str, ...]

    def describe(self) -> str:
        text = f"{self.first_year}–{self.last_year} 年"
        if self.provisional_years:
            years = "、".join(str(y) for y in self.provisional_years)
            text += f"（其中 {years} 年为按放假办法推定的临时安排，待国务院公布当年安排）"
        return text


class WorkdayCalendar:
    """Answers every working-day question in O(1) or O(log n) from a per-day prefix count."""

    def __init__(self, schedules: list[YearSchedule]) -> None:
        self._years = {s.year: s for s in schedules}
        years = sorted(self._years)
        self._first = date(years[0], 1, 1)
        self._last = date(years[-1], 12, 31)
        self._holiday_names: dict[date, str] = {}
        makeup: set[date] = set()
        for schedule in schedules:
            self._holiday_names.update(schedule.holidays)
            makeup.update(schedule.makeup_workdays)
        days = (self._last - self._first).days + 1
        self._flags = bytearray(days)
        for offset in range(days):
            day = self._first + timedelta(days=offset)
            self._flags[offset] = day in makeup or (day.weekday() < 5 and day not in self._holiday_names)
        # _count[i] = working days among the first i days of the covered range.
        self._count = [0] * (days + 1)
        for offset in range(days):
            self._count[offset + 1] = self._count[offset] + self._flags[offset]
        official = tuple(y for y in years if not self._years[y].provisional)
        provisional = tuple(y for y in years if self._years[y].provisional)
        sources = tuple(dict.fromkeys(s.source for s in schedules))
        self.coverage = Coverage(years[0], years[-1], official, provisional, sources)

    def _offset(self, day: date) -> int:
        if not self._first <= day <= self._last:
            raise CalendarNotCovered(
                f"{day.year} 年的法定节假日安排尚未收录，无法按工作日计算 {day.isoformat()}"
                f"（工作日历覆盖 {self.coverage.describe()}）"
            )
        return (day - self._first).days

    def is_workday(self, day: date) -> bool:
        return bool(self._flags[self._offset(day)])

    def holiday_name(self, day: date) -> str | None:
        self._offset(day)
        return self._holiday_names.get(day)

    def add_workdays(self, day: date, n: int) -> date:
        """The date ``n`` working days after ``day`` (``day`` itself not counted); ``n`` ≥ 0."""
        if n < 0:
            raise UserError(f"工作日天数不能为负数：{n}")
        if n == 0:
            return day
        target = self._count[self._offset(day) + 1] + n
        if target > self._count[-1]:
            raise CalendarNotCovered(
                f"{day.isoformat()} 之后第 {n} 个工作日超出了工作日历的范围"
                f"（覆盖 {self.coverage.describe()}）"
            )
        # The first prefix position reaching ``target`` is the day after the n-th working day.
        position = bisect_right(self._count, target - 1)
        return self._first + timedelta(days=position - 1)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
        if end < start:
            return -self.workdays_between(end, start)
        return self._count[self._offset(end) + 1] - self._count[self._offset(start) + 1]

    def touches_provisional(self, start: date, end: date | None = None) -> bool:
        """Whether a computation over ``start``…``end`` relied on a provisional year."""
        low, high = sorted((start, end or start))
        return any(low.year <= y <= high.year for y in self.coverage.provisional_years)


@lru_cache(maxsize=1)
def workday_calendar() -> WorkdayCalendar:
    """The platform's calendar, loaded and validated once."""
    return WorkdayCalendar(load_schedules([DATA / "official.yaml", DATA / "provisional.yaml"]))


def is_workday(day: date) -> bool:
    return workday_calendar().is_workday(day)


def add_workdays(day: date, n: int) -> date:
    return workday_calendar().add_workdays(day, n)


def workdays_between(start: date, end: date) -> int:
    return workday_calendar().workdays_between(start, end)
