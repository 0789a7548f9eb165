"""The platform-side indicators of 《城市信用状况监测预警指标（2020年版）》 that the data supports.

Each carries its formula; ``docs/monitoring.md`` lists them all (a test keeps the two in step). The
national scoring of each indicator was not retrieved (standards.md §5: GOOD for the indicator names
only), so these are the measurements a city reports, not the national points. An indicator whose
data the platform does not hold yet has no value and shows 暂无数据.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from xinyong.collection.quality import month_bounds, quality_overview
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.models import Grade
from xinyong.monitoring.figures import dishonesty_rates
from xinyong.monitoring.periods import days
from xinyong.monitoring.turnaround import turnaround
from xinyong.platform import Platform
from xinyong.records.models import Record, RecordStatus, RecordVersion
from xinyong.subjects.code_quality import code_quality_report
from xinyong.subjects.models import Subject
from xinyong.supervision.models import InspectionTask


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    group: str  # the national indicator it belongs to
    formula: str
    unit: str  # "%" or a count word
    value: float | None
    numerator: float | None = None
    denominator: float | None = None

    @property
    def shown(self) -> str:
        if self.value is None:
            return "暂无数据"
        return f"{self.value * 100:.2f}%" if self.unit == "%" else f"{self.value:,.1f} {self.unit}".replace(".0 ", " ")

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "shown": self.shown}


def _share(code: str, name: str, group: str, formula: str, part: float, whole: float) -> Indicator:
    return Indicator(code, name, group, formula, "%", part / whole if whole else None, part, whole)


def _commitments(session: Session, month: str) -> tuple[int, int, int]:
    """Commitments decided in the month; and, up to its end, those with a status and those fulfilled."""
    start, end = days(month)
    made = session.scalar(select(func.count()).select_from(Record).where(
        Record.item_id == "credit_commitment", Record.status == RecordStatus.APPROVED.value,
        Record.decided_on >= start, Record.decided_on < end)) or 0
    statuses = session.scalars(
        select(RecordVersion.values).join(Record, and_(Record.id == RecordVersion.record_id,
                                                       RecordVersion.version == Record.approved_version))
        .where(Record.item_id == "credit_commitment", Record.status == RecordStatus.APPROVED.value,
               Record.decided_on < end))
    known = [v.get("LYZT") for v in statuses if v.get("LYZT") in ("1", "2", "3")]
    return made, len(known), sum(1 for s in known if s == "1")


def city_indicators(session: Session, platform: Platform, month: str) -> list[Indicator]:
    catalog, calendar = platform.catalog, platform.calendar
    quality = quality_overview(session, catalog, calendar, month)
    late, due = sum(q.late_records for q in quality), sum(q.deadline_records for q in quality)
    rejected, rows = sum(q.rejected for q in quality), sum(q.rows for q in quality)
    codes = code_quality_report(session, examples=0)
    made, with_status, fulfilled = _commitments(session, month)
    model = get_models().official_on(platform.clock.today())
    graded = session.scalar(select(func.count()).select_from(Grade).where(Grade.model_id == model.id,
                                                                          Grade.current.is_(True))) or 0
    in_scope = session.scalar(select(func.count()).select_from(Subject).where(
        Subject.kind.in_(model.subject_kinds), Subject.status == "active", Subject.canonical_id.is_(None))) or 0
    start, end = month_bounds(month)
    first, last = days(month)
    tasks = session.scalar(select(func.count()).select_from(InspectionTask).where(
        InspectionTask.drawn_at >= start, InspectionTask.drawn_at < end)) or 0
    rates = dishonesty_rates(session, catalog, month, "region").values()
    repaired = session.scalar(select(func.count()).select_from(Record).where(
        Record.repaired_on >= first, Record.repaired_on < last)) or 0
    received = session.scalar(select(func.count()).select_from(Record).where(
        Record.first_received_at >= start, Record.first_received_at < end)) or 0
    approved = session.scalar(select(func.count()).select_from(Record).where(
        Record.status == RecordStatus.APPROVED.value)) or 0
    objected = session.scalar(select(func.count()).select_from(Record).where(
        Record.status == RecordStatus.APPROVED.value, Record.objection_pending.is_(True))) or 0
    cases = {t.kind: t for t in turnaround(session, calendar, month)}
    repair, objection = cases.get("repair"), cases.get("objection")
    return [
        _share("sgs_timeliness", "双公示上报及时率", "双公示情况",
               "1 − 决定后超过 7 个工作日才报送的行政许可、行政处罚记录数 ÷ 当月首次报送的此类记录数", due - late, due),
        _share("sgs_compliance", "双公示数据合规率", "双公示情况",
               "1 − 当月被退回（未通过校验）的报送行数 ÷ 当月报送行数", rows - rejected, rows),
        _share("code_error_rate", "重错码率", "统一社会信用代码情况",
               "存在未解决重码、错码问题的法人和个体工商户数 ÷ 法人和个体工商户总数", codes.affected_subjects,
               codes.coded_subjects),
        _share("code_correction_rate", "纠正率", "统一社会信用代码情况",
               "已纠正的重错码问题数 ÷ 发现的重错码问题总数（不含经核实驳回的）", codes.corrected, codes.detected),
        Indicator("commitments", "信用承诺数", "信用承诺情况", "当月做出的信用承诺记录数", "条", float(made)),
        _share("commitment_fulfilment", "信用承诺履约率", "信用承诺情况",
               "截至月末履约状态为“全部履行”的承诺数 ÷ 有履约状态的承诺数", fulfilled, with_status),
        _share("grading_coverage", "公共信用综合评价覆盖率", "分级分类监管",
               "有现行正式评价结果的主体数 ÷ 评价模型适用的存续主体数", graded, in_scope),
        Indicator("graded_inspections", "按信用等级抽查的任务数", "分级分类监管",
                  "当月按信用等级设定抽取概率的双随机抽查任务数", "项", float(tasks)),
        _share("dishonesty_rate", "失信主体占比", "失信惩戒",
               "当月有失信记录（非轻微、未修复）的存续法人和个体工商户数 ÷ 存续法人和个体工商户数",
               sum(r[0] for r in rates), sum(r[1] for r in rates)),
        Indicator("repaired_records", "信用修复记录数", "修复效率", "当月完成信用修复的记录数", "条", float(repaired)),
        Indicator("repair_efficiency", "信用修复办理时长（中位数）", "修复效率",
                  "当月办结的信用修复申请从受理到决定的工作日数的中位数", "个工作日",
                  repair.median_workdays if repair else None),
        Indicator("objection_share", "异议处理占比", "异议处理",
                  "当月受理的异议申请数 ÷ 当月新归集的记录数", "%",
                  objection.received / received if objection and received else None,
                  objection.received if objection else None, received),
        _share("objection_marked", "异议标注记录占比", "异议处理",
               "当前处于异议处理中的已公开记录数 ÷ 已公开记录数", objected, approved),
    ]
