"""The batch report (报送回执): counts, reasons with examples, and every rejected row to fix.

The rejected rows come back with the department's own column labels and a last column saying
what to fix, so the department can correct the file and send it again as it is.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.catalog import Catalog
from xinyong.collection.models import Batch, RowRejection
from xinyong.errors import NotFound

STATUS_LABELS = {"running": "处理中", "done": "已完成", "failed": "失败", "interrupted": "已中断"}
EXAMPLES = 3


@dataclass
class BatchReport:
    batch: Batch
    department_name: str
    item_name: str
    reasons: list[tuple[str, int, list[str]]]  # reason code, count, example messages
    columns: list[tuple[str, str]]  # field code, label
    rejected: list[RowRejection]

    def summary_rows(self) -> list[tuple[str, Any]]:
        b = self.batch
        return [("批次号", b.id), ("报送部门", f"{self.department_name}（{b.department_code}）"),
                ("信息项", f"{self.item_name}（{b.item_id}）"), ("文件", b.file_name),
                ("接收时间", b.received_at.isoformat(timespec="seconds")),
                ("状态", STATUS_LABELS.get(b.status, b.status)),
                ("总行数", b.rows), ("新增", b.stored), ("更新", b.updated), ("未变化（重复报送）", b.unchanged),
                ("退回", b.rejected), ("未识别的列", "、".join(b.header.get("unknown", [])) or "无"),
                ("错误", b.error or "无")]

    def rejected_rows(self) -> list[list[Any]]:
        rows = []
        for rejection in self.rejected:
            fix = "；".join(r["message"] for r in rejection.reasons)
            rows.append([rejection.row_no, *(rejection.raw.get(code, "") for code, _ in self.columns), fix])
        return rows

    def header(self) -> list[str]:
        return ["原文件行号", *(label for _, label in self.columns), "退回原因（请更正后重新报送）"]


def batch_report(session: Session, catalog: Catalog, batch_id: int) -> BatchReport:
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise NotFound(f"批次 {batch_id} 不存在")
    rejected = list(session.scalars(select(RowRejection).where(RowRejection.batch_id == batch_id)
                                    .order_by(RowRejection.row_no)))
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for rejection in rejected:
        for reason in rejection.reasons:
            counts[reason["code"]] += 1
            found = examples.setdefault(reason["code"], [])
            if len(found) < EXAMPLES:
                found.append(f"第 {rejection.row_no} 行：{reason['message']}")
    item = catalog.item(batch.item_id)
    used = {code for r in rejected for code in r.raw}
    columns = [(f.code, f.label) for f in item.fields if f.code in used]
    return BatchReport(batch, catalog.department(batch.department_code).name, item.name,
                       [(code, n, examples[code]) for code, n in counts.most_common()], columns, rejected)


def as_csv(report: BatchReport) -> bytes:
    """UTF-8 with BOM, which Excel opens as Chinese without asking."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(report.header())
    writer.writerows(report.rejected_rows())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(report: BatchReport) -> bytes:
    book = Workbook(write_only=False)
    summary = book.active
    summary.title = "汇总"
    for label, value in report.summary_rows():
        summary.append([label, value])
    summary.append([])
    summary.append(["退回原因", "次数", "示例"])
    summary[summary.max_row][0].font = Font(bold=True)
    for code, count, found in report.reasons:
        summary.append([code, count, "\n".join(found)])
    summary.column_dimensions["A"].width = 22
    summary.column_dimensions["C"].width = 80
    detail = book.create_sheet("退回明细")
    detail.append(report.header())
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for row in report.rejected_rows():
        detail.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
