"""The working-day calendar: the official schedule, its edges, and the 双公示 deadline."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from xinyong.errors import UserError
from xinyong.workdays import CalendarNotCovered, add_workdays, is_workday, workday_calendar, workdays_between
from xinyong.workdays.calendar import WorkdayCalendar
from xinyong.workdays.loading import load_schedules


def test_every_day_2015_to_2026_agrees_with_chinesecalendar() -> None:
    day, disagreements = date(2015, 1, 1), []
    while day <= date(2026, 12, 31):
        if is_workday(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []


def test_weekend_make_up_days_of_2026_are_working_days() -> None:
    # 2026 国庆/中秋: Sunday 2026-09-20 and Saturday 2026-10-10 are worked; 2026-10-01..07 are off.
    assert is_workday(date(2026, 9, 20)) and is_workday(date(2026, 10, 10))
    assert not any(is_workday(date(2026, 10, d)) for d in range(1, 8))
    # 春节: Saturday 2026-02-14 and 2026-02-28 worked, 2026-02-15..23 off.
    assert is_workday(date(2026, 2, 14)) and is_workday(date(2026, 2, 28))
    assert not is_workday(date(2026, 2, 16))


def test_seven_working_day_deadline_across_national_day() -> None:
    # Decided Monday 2026-09-28: 29, 30 Sep, then 8, 9, 10 (make-up Saturday), 12, 13 Oct.
    assert add_workdays(date(2026, 9, 28), 7) == date(2026, 10, 13)
    assert workdays_between(date(2026, 9, 28), date(2026, 10, 13)) == 7
    assert workdays_between(date(2026, 9, 28), date(2026, 10, 14)) == 8


def test_seven_working_days_across_spring_festival() -> None:
    # Decided Friday 2026-02-13: 14 (make-up Saturday), then 24, 25, 26, 27, 28 (make-up), 2 Mar.
    assert add_workdays(date(2026, 2, 13), 7) == date(2026, 3, 2)


def test_decision_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert add_workdays(date(2026, 10, 3), 1) == date(2026, 10, 8)
    assert workdays_between(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert add_workdays(date(2026, 10, 3), 0) == date(2026, 10, 3)


def test_2027_is_provisional_from_the_statutory_holidays() -> None:
    calendar = workday_calendar()
    assert calendar.coverage.provisional_years == (2027,)
    assert 2026 in calendar.coverage.official_years
    # 春节 falls on a weekend: 补假 on Tuesday and Wednesday 2027-02-09/10.
    assert not is_workday(date(2027, 2, 9)) and is_workday(date(2027, 2, 11))
    assert calendar.holiday_name(date(2027, 10, 1)) == "国庆节"
    assert calendar.touches_provisional(date(2026, 12, 28), add_workdays(date(2026, 12, 28), 7))
    assert not calendar.touches_provisional(date(2026, 9, 28), date(2026, 10, 13))


def test_dates_past_coverage_fail_loudly_naming_the_year() -> None:
    with pytest.raises(CalendarNotCovered, match="2028 年"):
        is_workday(date(2028, 1, 3))
    with pytest.raises(CalendarNotCovered, match="超出"):
        add_workdays(date(2027, 12, 30), 5)
    with pytest.raises(CalendarNotCovered, match="2003 年"):
        workdays_between(date(2003, 12, 1), date(2004, 1, 5))


def test_a_year_in_both_files_is_refused(tmp_path: Path) -> None:
    body = "years:\n  2027:\n    holidays: []\n    makeup_workdays: []\n"
    (tmp_path / "a.yaml").write_text("status: official\n" + body)
    (tmp_path / "b.yaml").write_text("status: provisional\n" + body)
    with pytest.raises(UserError, match="2027 年已在另一个文件中收录"):
        load_schedules([tmp_path / "a.yaml", tmp_path / "b.yaml"])


def test_a_gap_between_years_and_a_holiday_worked_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("status: official\nyears:\n  2020: {}\n  2022: {}\n")
    with pytest.raises(UserError, match="缺少 2021 年"):
        load_schedules([path])
    path.write_text("status: official\nyears:\n  2020:\n    holidays: [{from: 2020-10-01, to: 2020-10-08, "
                    "name: 国庆节}]\n    makeup_workdays: [2020-10-08]\n")
    with pytest.raises(UserError, match="既是假期又是调休上班日"):
        WorkdayCalendar(load_schedules([path]))
