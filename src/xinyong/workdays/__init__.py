"""The official Chinese working-day calendar (法定节假日与调休), as versioned data.

Deadlines such as 双公示's "7 working days from the decision" are counted here::

    from xinyong.workdays import add_workdays, workdays_between
    deadline = add_workdays(decided_on, 7)
"""

from xinyong.workdays.calendar import (
    CalendarNotCovered,
    Coverage,
    WorkdayCalendar,
    add_workdays,
    is_workday,
    workday_calendar,
    workdays_between,
)

__all__ = [
    "CalendarNotCovered",
    "Coverage",
    "WorkdayCalendar",
    "add_workdays",
    "is_workday",
    "workday_calendar",
    "workdays_between",
]
