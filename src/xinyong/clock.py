"""Where "now" comes from.

Every deadline, period and timestamp in the platform reads the time through a ``Clock`` so that
tests (and demonstrations) can travel in time instead of waiting for it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


class Clock:
    """The real time, in China Standard Time."""

    def now(self) -> datetime:
        return datetime.now(CHINA)

    def today(self) -> date:
        return self.now().date()


class FrozenClock(Clock):
    """A clock that stands still until told to move; for tests and reproducible runs."""

    def __init__(self, at: datetime) -> None:
        self._at = at if at.tzinfo else at.replace(tzinfo=CHINA)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at if at.tzinfo else at.replace(tzinfo=CHINA)

    def travel(self, delta: timedelta) -> None:
        self._at = self._at + delta
