"""The credit office's dashboard as a list of panels: each a title, an SVG chart and a table, built
from one month's figures. A capability adds a panel by adding its function to ``PANELS``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from xinyong.collection.quality import quality_overview
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.model import GRADE_ORDER
from xinyong.identifiers import division_name
from xinyong.monitoring.alerts import KIND_LABELS, open_alerts
from xinyong.monitoring.figures import grade_distribution, list_movements, records_by_department
from xinyong.monitoring.indicators import city_indicators
from xinyong.monitoring.periods import months_back
from xinyong.monitoring.svg import bar_chart
from xinyong.monitoring.turnaround import KIND_LABELS as CASE_LABELS
from xinyong.monitoring.turnaround import turnaround
from xinyong.platform import Platform
from xinyong.subjects.code_quality import code_quality_report
from xinyong.subjects.industries import section_label


@dataclass
class Panel:
    id: str
    title: str
    headers: list[str]
    rows: list[list[str]]
    chart: str | None = None
    note: str = ""
    empty: str = ""  # shown instead of the table when there is nothing to show
    extra: dict[str, str] = field(default_factory=dict)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def records_panel(session: Session, platform: Platform, month: str) -> Panel:
    months = months_back(month, 12)
    counts = records_by_department(session, months)
    names = {d.code: d.name for d in platform.catalog.departments()}
    ranked = sorted(counts, key=lambda code: -sum(counts[code].values()))
    shown, rest = ranked[:5], ranked[5:]
    series = [(names.get(code, code).removeprefix("珠海市"), [counts[code].get(m, 0) for m in months])
              for code in shown]
    if rest:
        series.append(("其他部门", [sum(counts[c].get(m, 0) for c in rest) for m in months]))
    rows = [[names.get(code, code), f"{counts[code].get(month, 0):,}", f"{sum(counts[code].values()):,}"]
            for code in ranked]
    return Panel("records", "各部门月度归集量", ["部门", f"{month} 归集", "近 12 个月"], rows,
                 bar_chart("近 12 个月归集记录数（按首次报送月份）", [m[2:] for m in months], series) if rows else None,
                 empty="近 12 个月没有归集数据")


def lists_panel(session: Session, platform: Platform, month: str) -> Panel:
    months = months_back(month, 12)
    moves = list_movements(session, platform.catalog, months)
    rows = [[m, f"{moves[m][0]:,}", f"{moves[m][1]:,}"] for m in reversed(months)]
    chart = bar_chart("名单列入与移出（经营异常、严重失信主体名单）", [m[2:] for m in months],
                      [("列入", [float(moves[m][0]) for m in months]), ("移出", [float(moves[m][1]) for m in months])],
                      stacked=False)
    return Panel("lists", "名单列入与移出", ["月份", "列入", "移出"], rows, chart,
                 note="移出含移出名录、撤销、信用修复和公示期满。")


def _grades_panel(session: Session, platform: Platform, by: str) -> Panel:
    model = get_models().official_on(platform.clock.today())
    found = grade_distribution(session, model.id, by)
    keys = sorted(found, key=lambda k: (k is None, k or ""))
    label = (lambda k: division_name(k) or k or "未知") if by == "region" else \
        (lambda k: f"{k or '—'} {section_label(k)}")
    rows = [[label(k), *(f"{found[k][g]:,}" for g in GRADE_ORDER),
             _pct(found[k]["D"] / sum(found[k].values()) if sum(found[k].values()) else None)] for k in keys]
    chart = bar_chart(f"信用等级分布（按{'地区' if by == 'region' else '行业门类'}）",
                      [(label(k) if by == "region" else (k or "—")) for k in keys],
                      [(g, [float(found[k][g]) for k in keys]) for g in GRADE_ORDER]) if keys else None
    title = "信用等级分布 · 按地区" if by == "region" else "信用等级分布 · 按行业"
    return Panel(f"grades_{by}", title, ["地区" if by == "region" else "行业门类", *GRADE_ORDER, "D 级占比"], rows,
                 chart, note=f"{model.name}，现行评价结果。", empty="尚无评价结果（运行 xinyong evaluate）")


def grades_by_region_panel(session: Session, platform: Platform, month: str) -> Panel:
    return _grades_panel(session, platform, "region")


def grades_by_industry_panel(session: Session, platform: Platform, month: str) -> Panel:
    return _grades_panel(session, platform, "industry")


def quality_panel(session: Session, platform: Platform, month: str) -> Panel:
    reports = quality_overview(session, platform.catalog, platform.calendar, month)
    codes = code_quality_report(session, examples=0)
    rows = [[q.department_name, f"{q.rows:,}", _pct(q.late_rate), _pct(q.rejection_rate), _pct(q.bad_code_rate)]
            for q in reports]
    chart = bar_chart(f"{month} 各部门迟报率", [q.department_code for q in reports],
                      [("迟报率", [q.late_rate or 0.0 for q in reports])], percent=True) if reports else None
    return Panel("quality", "归集质量", ["部门", "报送行数", "迟报率", "退回率", "重错码率"], rows, chart,
                 note=f"全市主体重错码率 {_pct(codes.error_rate)}，纠正率 {_pct(codes.correction_rate)}。",
                 empty=f"{month} 没有部门报送数据")


def turnaround_panel(session: Session, platform: Platform, month: str) -> Panel:
    figures = turnaround(session, platform.calendar, month)
    rows = [[CASE_LABELS.get(t.kind, t.kind), f"{t.closed:,}",
             "—" if t.median_workdays is None else f"{t.median_workdays:g}", _pct(t.within_deadline)]
            for t in figures]
    return Panel("turnaround", "异议处理与信用修复时效", ["类别", "办结", "办理时长中位数（工作日）", "按期办结率"],
                 rows, empty="暂无数据：异议、信用修复的办理记录接入后在此显示")


def indicators_panel(session: Session, platform: Platform, month: str) -> Panel:
    rows = [[i.group, i.name, i.shown, i.formula] for i in city_indicators(session, platform, month)]
    return Panel("indicators", "城市信用状况监测指标（平台侧）", ["指标", "细项", f"{month}", "计算方法"], rows)


def alerts_panel(session: Session, platform: Platform, month: str) -> Panel:
    rows = [[a.raised_at.astimezone(platform.clock.now().tzinfo).strftime("%Y-%m-%d"), KIND_LABELS[a.kind],
             a.message] for a in open_alerts(session)]
    return Panel("alerts", "预警", ["时间", "类别", "内容"], rows, empty="没有未处理的预警")


PanelBuilder = Callable[[Session, Platform, str], Panel]
PANELS: list[PanelBuilder] = [alerts_panel, records_panel, lists_panel, grades_by_region_panel,
                              grades_by_industry_panel, quality_panel, turnaround_panel, indicators_panel]


def dashboard(session: Session, platform: Platform, month: str) -> list[Panel]:
    return [build(session, platform, month) for build in PANELS]
