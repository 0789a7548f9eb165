"""``xinyong ingest`` and ``xinyong collection …``: submit files, follow batches, review, measure."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from xinyong.collection import review
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.collection.quality import monthly_quality, quality_overview
from xinyong.collection.report import as_csv, as_xlsx, batch_report
from xinyong.errors import UserError
from xinyong.platform import Platform

console = Console(stderr=True)


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        file: Path = typer.Argument(..., help="CSV (UTF-8, BOM, GBK, GB18030), XLSX, XLS or JSON file."),
        department: str = typer.Option(..., "--department", help="Code of the supplying department."),
        item: str = typer.Option(..., "--item", help="Catalog item the file holds (see `xinyong catalog items`)."),
        as_json: bool = typer.Option(False, "--json", help="Print the batch summary as one JSON object."),
    ) -> None:
        """Ingest a department's file: clean, check, link and store every row, or reject it with reasons."""
        with Platform.open() as platform:
            submission = Submission(department_code=department, item_id=item, door="cli", actor="cli",
                                    file_name=file.name)
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=console, transient=as_json) as progress:
                task = progress.add_task(f"归集 {file.name}", total=None)
                summary = ingest_file(platform, file, submission, lambda n: progress.advance(task, n))
        if as_json:
            print(json.dumps(summary.as_dict(), ensure_ascii=False))
            return
        table = Table("批次", "行数", "新增", "更新", "未变", "退回")
        table.add_row(str(summary.batch_id), *(str(v) for v in (summary.rows, summary.stored, summary.updated,
                                                                 summary.unchanged, summary.rejected)))
        console.print(table)
        if summary.unknown_columns:
            console.print(f"未识别的列（已忽略）：{'、'.join(summary.unknown_columns)}")
        for reason, count in sorted(summary.reasons.items(), key=lambda kv: -kv[1]):
            console.print(f"退回原因 {reason}: {count} 处")

    collection_app = typer.Typer(help="归集：报送回执、归集质量与审核。", no_args_is_help=True)

    @collection_app.command("report")
    def report(batch: int, out: Path = typer.Option(..., "--out", help="Where to write: .csv or .xlsx.")) -> None:
        """Write a batch's receipt: counts, reasons, and every rejected row to fix and send again."""
        if out.suffix.lower() not in (".csv", ".xlsx"):
            raise UserError(f"回执文件“{out.name}”须以 .csv 或 .xlsx 结尾")
        with Platform.open() as platform, platform.db.session() as session:
            found = batch_report(session, platform.catalog, batch)
        out.write_bytes(as_csv(found) if out.suffix.lower() == ".csv" else as_xlsx(found))
        console.print(f"已写出 {out}（退回 {len(found.rejected)} 行）")

    @collection_app.command("quality")
    def quality(
        month: str = typer.Option(..., "--month", help="YYYY-MM"),
        department: str = typer.Option(None, "--department", help="One department (default: all that sent data)."),
    ) -> None:
        """Each department's collection quality for a month, one JSON object per line."""
        with Platform.open() as platform, platform.db.session() as session:
            reports = ([monthly_quality(session, platform.catalog, platform.calendar, department, month)]
                       if department else quality_overview(session, platform.catalog, platform.calendar, month))
        for found in reports:
            print(json.dumps(found.as_dict(), ensure_ascii=False))

    @collection_app.command("review")
    def review_queue() -> None:
        """Versions waiting for a reviewer, one JSON object per line (oldest first)."""
        with Platform.open() as platform, platform.db.session() as session:
            for version, record in review.pending_versions(session, limit=1000):
                print(json.dumps({"version_id": version.id, "record_id": record.id, "item": record.item_id,
                                  "department": record.department_code, "document_no": record.document_no,
                                  "subject_id": record.subject_id, "diff": version.diff}, ensure_ascii=False))

    @collection_app.command("decide")
    def decide(version: int, approve: bool = typer.Option(..., "--approve/--reject", help="The decision."),
               note: str = typer.Option("", "--note", help="Why (required to reject)."),
               reviewer: str = typer.Option("信用办", "--reviewer", help="Who decides.")) -> None:
        """Approve or reject a pending version."""
        with Platform.open() as platform, platform.db.session() as session:
            act = review.approve if approve else review.reject
            record = act(session, version, reviewer=reviewer, at=platform.clock.now(), note=note)
            console.print(f"记录 {record.id}：{record.status}，公开版本 {record.approved_version}")

    app.add_typer(collection_app, name="collection")
