"""``xinyong ingest`` and ``xinyong collection …``: submit files, follow batches, review, measure."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from xinyong.collection.pipeline import Submission, ingest_file
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
