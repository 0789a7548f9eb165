"""``xinyong evaluate``: grade every subject (or the changed ones), optionally beside a second model."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from xinyong.evaluation.backends import backend_for
from xinyong.evaluation.compare import compare_models
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.model import GRADE_ORDER, EvaluationModel
from xinyong.evaluation.runs import RunSummary, evaluate, regrade_changed, subjects_in_scope
from xinyong.platform import Platform

console = Console()


def _run(platform: Platform, model: EvaluationModel, changed: bool) -> RunSummary:
    backend = backend_for(platform.settings.dask_scheduler)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as progress:
        if changed:
            task = progress.add_task(f"重新评价（{model.id}，记录有变化的主体）", total=None)
            return regrade_changed(platform, model, backend=backend, progress=lambda n: progress.advance(task, n))
        with platform.db.session() as session:
            total = len(subjects_in_scope(session, model))
        task = progress.add_task(f"信用评价（{model.id}，{backend.name}）", total=total)
        return evaluate(platform, model, backend=backend, progress=lambda n: progress.advance(task, n))


def register(app: typer.Typer) -> None:
    @app.command("evaluate")
    def evaluate_command(
        model: str = typer.Option(None, "--model", help="Model id (default: the official model in force today)."),
        compare: str = typer.Option(None, "--compare", help="A second model to run and compare with."),
        changed: bool = typer.Option(False, "--changed", help="Only subjects whose records changed since last run."),
    ) -> None:
        """Grade subjects (公共信用综合评价) with a progress bar; every grade is stored with its explanation."""
        models = get_models()
        with Platform.open() as platform:
            chosen = models.get(model) if model else models.official_on(platform.clock.today())
            second = models.get(compare) if compare else None
            for current in (chosen, second):
                if current is None:
                    continue
                summary = _run(platform, current, changed)
                counts = "、".join(f"{g} {summary.grade_counts.get(g, 0):,}" for g in GRADE_ORDER)
                console.print(f"{current.name}（{current.id} {current.version}）：评价 {summary.subjects:,} 个主体，"
                              f"结果变化 {summary.changed:,} 个；{counts}")
            if second is not None:
                with platform.db.session() as session:
                    result = compare_models(session, chosen.id, second.id)
                table = Table(f"{chosen.id} \\ {second.id}", *GRADE_ORDER, title="两个模型的等级对比（主体数）")
                for grade in GRADE_ORDER:
                    table.add_row(grade, *(f"{result.table[grade][g]:,}" for g in GRADE_ORDER))
                console.print(table)
                console.print(f"同一等级：{result.same:,} / {result.subjects:,}")
