"""May this record be repaired now? From its severity class and the publicity rules in force on its
decision date (令36 from 2026-04-01, the repealed regimes before), its state and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from xinyong.catalog import Catalog
from xinyong.catalog.model import SEVERITY_LABELS, ItemClass
from xinyong.errors import NotFound
from xinyong.records.models import Record, RecordStatus


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str
    severity: str | None = None
    eligible_from: date | None = None  # 最短公示期届满：可申请修复之日
    publicity_ends_on: date | None = None  # 最长公示期届满：自动停止公示
    basis: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"eligible": self.eligible, "reason": self.reason, "severity": self.severity,
                "eligible_from": self.eligible_from.isoformat() if self.eligible_from else None,
                "publicity_ends_on": self.publicity_ends_on.isoformat() if self.publicity_ends_on else None,
                "basis": self.basis}


def repair_eligibility(catalog: Catalog, record: Record, today: date, *, pending: str | None = None) -> Eligibility:
    """``pending``: the number of an application already in progress for this record, if any."""
    item = catalog.item(record.item_id)
    if item.item_class is not ItemClass.DISHONEST:
        return Eligibility(False, f"“{item.name}”不是失信信息，无需信用修复")
    if record.status != RecordStatus.APPROVED.value:
        return Eligibility(False, "记录未公开或已撤销，无需信用修复")
    if record.repaired_on:
        return Eligibility(False, f"已于 {record.repaired_on} 完成信用修复")
    if pending:
        return Eligibility(False, f"已有办理中的修复申请 {pending}")
    severity = record.severity or (item.severity.value if item.severity else None)
    if record.decided_on is None or severity is None:
        return Eligibility(False, "记录缺少决定日期或严重程度，无法判断修复条件，请联系信用办")
    try:
        rule = catalog.publicity_rule(item.id, severity, record.decided_on)
    except NotFound as missing:
        return Eligibility(False, f"{missing.message}；该类信息按认定文件的规定移出", severity)
    label = SEVERITY_LABELS[rule.severity]
    ends = record.publicity_ends_on
    if ends is not None and ends < today:
        words = "不予公示" if ends < record.decided_on else f"公示期已于 {ends} 届满"
        return Eligibility(False, f"{label}失信信息{words}，已停止公示，无需修复", severity, None, ends, rule.basis)
    start = rule.repair_from(record.decided_on)
    if start is None:
        return Eligibility(False, f"{rule.basis}未规定最短公示期，该类信息由认定机关按规定移出", severity, None,
                           ends, rule.basis)
    if today < start:
        return Eligibility(False, f"最短公示期未满：{label}失信信息依{rule.basis}最短公示 {rule.min_months} 个月，"
                                  f"{start} 起可申请信用修复", severity, start, ends, rule.basis)
    return Eligibility(True, f"已满最短公示期（{label}，{rule.basis}），可申请信用修复", severity, start, ends,
                       rule.basis)
