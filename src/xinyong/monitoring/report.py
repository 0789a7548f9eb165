"""The monthly analysis report (月度信用分析报告) as PDF: WeasyPrint, Noto CJK, charts as SVG."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from xinyong.collection.quality import month_bounds
from xinyong.monitoring.panels import dashboard
from xinyong.platform import Platform

TEMPLATES = Path(__file__).parents[1] / "web" / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def report_html(platform: Platform, month: str) -> str:
    month_bounds(month)  # refuses a malformed month with a clear message
    with platform.db.session() as session:
        panels = dashboard(session, platform, month)
    city = platform.catalog.city.get("name", "")
    return _env.get_template("monitoring/report.html").render(
        month=month, city=city, panels=panels, generated=platform.clock.now().strftime("%Y-%m-%d %H:%M"))


def report_pdf(platform: Platform, month: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(platform, month)).write_pdf()
