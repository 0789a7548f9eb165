"""The running platform's shared parts, built once per process.

The web app and the command line both open a ``Platform``; tests open one on a test database
with a ``FrozenClock`` so they can travel in time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xinyong.catalog.catalog import Catalog, get_catalog
from xinyong.clock import Clock
from xinyong.db.engine import Database
from xinyong.db.migrate import upgrade
from xinyong.keys import Keys, load_keys
from xinyong.lists.registry import ListCatalog, get_lists
from xinyong.matching.rules import MatchRules, get_rules
from xinyong.reports.layout import Layouts, get_layouts
from xinyong.sanctions.measures import MeasureList, get_measures
from xinyong.settings import Settings, get_settings
from xinyong.workdays.calendar import WorkdayCalendar, workday_calendar


@dataclass
class Platform:
    settings: Settings
    db: Database
    clock: Clock
    keys: Keys
    # Rules as data: loaded and validated once, when the platform opens, so a broken data file
    # stops the start instead of failing a request later.
    catalog: Catalog = field(default_factory=get_catalog)
    calendar: WorkdayCalendar = field(default_factory=workday_calendar)
    lists: ListCatalog = field(default_factory=get_lists)
    measures: MeasureList = field(default_factory=get_measures)
    match_rules: MatchRules = field(default_factory=get_rules)
    report_layouts: Layouts = field(default_factory=get_layouts)

    @classmethod
    def open(cls, settings: Settings | None = None, *, clock: Clock | None = None,
             migrate: bool = True) -> Platform:
        settings = settings or get_settings()
        db = Database(settings.database_url)
        if migrate:
            upgrade(db)
        return cls(settings=settings, db=db, clock=clock or Clock(), keys=load_keys(settings))

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Platform:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
