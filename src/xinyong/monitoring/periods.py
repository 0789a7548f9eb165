"""Months as the office reads them: ``"2026-10"``, counted in China Standard Time."""

from __future__ import annotations

from datetime import date

from xinyong.collection.quality import month_bounds


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(month: str, by: int) -> str:
    start, _ = month_bounds(month)
    total = start.year * 12 + start.month - 1 + by
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def months_back(month: str, count: int) -> list[str]:
    """The ``count`` months ending with ``month``, oldest first."""
    return [shift(month, -back) for back in range(count - 1, -1, -1)]


def days(month: str) -> tuple[date, date]:
    """First day of the month and first day of the next."""
    start, end = month_bounds(month)
    return start.date(), end.date()
