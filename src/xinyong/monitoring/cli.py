"""``xinyong monitoring alerts|report|indicators``."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from xinyong.monitoring.alerts import KIND_LABELS, raise_alerts
from xinyong.monitoring.indicators import city_indicators
from xinyong.monitoring.periods import month_of
from xinyong.monitoring.report import report_pdf
from xinyong.platform import Platform

console = Console()


def register(app: typer.Typer) -> None:
    monitoring = typer.Typer(help="监测预警：预警、月度分析报告、城市信用监测指标。", no_args_is_help=True)

    @monitoring.command("alerts")
    def alerts_command(
        month: str = typer.Option(None, "--month", help="Month whose 失信率 is judged (YYYY-MM)."),
    ) -> None:
        """Check the early-warning rules and record what is new."""
        with Platform.open() as platform:
            fresh = raise_alerts(platform, month)
        for alert in fresh:
            console.print(f"[bold]{KIND_LABELS[alert.kind]}[/]：{alert.message}", highlight=False)
        console.print(f"新增预警 {len(fresh)} 条。")

    @monitoring.command("report")
    def report_command(
        month: str = typer.Option(..., "--month", help="Month of the report (YYYY-MM)."),
        out: Path = typer.Option(None, "--out", help="PDF file (default: 信用分析报告-MONTH.pdf)."),
    ) -> None:
        """Write the monthly analysis report as PDF."""
        with Platform.open() as platform:
            data = report_pdf(platform, month)
        target = out or Path(f"信用分析报告-{month}.pdf")
        target.write_bytes(data)
        console.print(f"月度分析报告已写入 {target}（{len(data):,} 字节）")

    @monitoring.command("indicators")
    def indicators_command(
        month: str = typer.Option(None, "--month", help="Month (YYYY-MM), default this month."),
    ) -> None:
        """Print the platform-side city monitoring indicators with their formulas."""
        with Platform.open() as platform, platform.db.session() as session:
            found = city_indicators(session, platform, month or month_of(platform.clock.today()))
        table = Table("指标", "细项", "数值", "计算方法")
        for indicator in found:
            table.add_row(indicator.group, indicator.name, indicator.shown, indicator.formula)
        console.print(table)

    app.add_typer(monitoring, name="monitoring")
