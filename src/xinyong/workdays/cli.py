"""``xinyong calendar``: the working-day calendar's coverage, and quick answers from it."""

from __future__ import annotations

from datetime import date

import typer
from rich.console import Console
from rich.table import Table

from xinyong.collection.normalise import BadValue, clean_date
from xinyong.errors import UserError
from xinyong.workdays.calendar import workday_calendar

console = Console()


def _day(text: str) -> date:
    try:
        return clean_date(text)
    except BadValue as bad:
        raise UserError(f"日期{bad.message}") from None


def register(app: typer.Typer) -> None:
    @app.command("calendar")
    def calendar(
        check: str = typer.Option(None, "--check", metavar="DATE", help="Is DATE a working day?"),
        add: tuple[str, int] | None = typer.Option(
            None, "--add", metavar="DATE N", help="The date N working days after DATE."
        ),
    ) -> None:
        """Show the working-day calendar's coverage (official and provisional years)."""
        cal = workday_calendar()
        if check:
            day = _day(check)
            name = cal.holiday_name(day)
            verdict = "是工作日" if cal.is_workday(day) else "不是工作日"
            reason = (
                f"（{name}）"
                if name
                else ("（调休上班）" if cal.is_workday(day) and day.weekday() >= 5 else "")
            )
            console.print(f"{day.isoformat()} {verdict}{reason}", highlight=False)
        if add:
            start = _day(add[0])
            result = cal.add_workdays(start, add[1])
            console.print(
                f"{start.isoformat()} 之后第 {add[1]} 个工作日是 {result.isoformat()}", highlight=False
            )
            if cal.touches_provisional(start, result):
                console.print(
                    "注意：计算用到了临时安排的年份，国务院公布当年安排后结果可能变化", highlight=False
                )
        if check or add:
            return
        coverage = cal.coverage
        table = Table("年份", "状态", title=f"工作日历覆盖 {coverage.describe()}")
        for year in range(coverage.first_year, coverage.last_year + 1):
            table.add_row(
                str(year),
                "临时安排（按放假办法推定）" if year in coverage.provisional_years else "国务院正式安排",
            )
        console.print(table)
        for source in coverage.sources:
            console.print(f"来源：{source}", highlight=False)
