"""``xinyong workflows …``: overdue steps (flagged once to whoever owes them) and the office overview."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from xinyong.platform import Platform
from xinyong.workflows.overdue import flag_overdue, overdue_steps, overview
from xinyong.workflows.rules import workflow_rules

console = Console()


def register(app: typer.Typer) -> None:
    workflows_app = typer.Typer(help="信用承诺、异议与信用修复：期限与逾期。", no_args_is_help=True)

    @workflows_app.command("overdue")
    def overdue(
        flag: bool = typer.Option(False, "--flag", help="Flag each newly overdue step once and notify who owes it."),
        department: str = typer.Option(None, "--department", help="Only this department's steps."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
    ) -> None:
        """Steps past their deadline (working days on the official calendar)."""
        workflow_rules()
        with Platform.open() as platform:
            if flag:
                flagged = flag_overdue(platform)
                console.print(f"新标记逾期 {len(flagged)} 项并已通知办理方", highlight=False)
            with platform.db.session() as session:
                steps = overdue_steps(session, platform.calendar, platform.clock.today(), department=department)
        if as_json:
            for step in steps:
                print(json.dumps(step.as_dict(), ensure_ascii=False))
            return
        table = Table("事项", "编号", "步骤", "期限", "逾期（工作日）", "办理方", title=f"逾期 {len(steps)} 项")
        for step in steps:
            table.add_row(step.case_kind, step.number, step.label, step.due_on.isoformat(),
                          str(step.workdays_late), step.responsible)
        console.print(table)

    @workflows_app.command("overview")
    def office_overview() -> None:
        """Cases by state, overdue steps and average turnaround, as one JSON object."""
        with Platform.open() as platform, platform.db.session() as session:
            print(json.dumps(overview(session, platform.calendar, platform.clock.today()), ensure_ascii=False))

    app.add_typer(workflows_app, name="workflows")
