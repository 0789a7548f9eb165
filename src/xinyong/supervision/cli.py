"""``xinyong supervision draw|verify``: random inspection draws and checking a published one."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.supervision.draw import verify
from xinyong.supervision.tasks import Scope, draw_task

console = Console()


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").replace("，", ",").split(",") if p.strip())


def register(app: typer.Typer) -> None:
    supervision = typer.Typer(help="分级分类监管：双随机抽查的抽取与核验。", no_args_is_help=True)

    @supervision.command("draw")
    def draw_command(
        department: str = typer.Option(..., "--department", help="Department code, e.g. SCJGJ."),
        name: str = typer.Option(..., "--name", help="Task name, e.g. 2026年第四季度食品经营抽查."),
        ratio: str = typer.Option(..., "--ratio", help="Base ratio, e.g. 0.05 for 5% (× the grade's factor)."),
        regions: str = typer.Option(None, "--regions", help="District codes, comma-separated (default: all)."),
        industries: str = typer.Option(None, "--industries", help="GB/T 4754 sections, e.g. C,F (default: all)."),
        seed: str = typer.Option(None, "--seed", help="Published seed (default: a fresh random one)."),
        factor: list[str] = typer.Option([], "--factor", help="Override a grade's factor, e.g. --factor D=5."),
        out: Path = typer.Option(None, "--out", help="Write the publication (JSON) to this file."),
    ) -> None:
        """Draw the subjects of a random inspection; the publication lets anyone recompute it."""
        overrides = {}
        for item in factor:
            grade, _, value = item.partition("=")
            if not value:
                raise UserError(f"系数“{item}”格式应为 等级=系数，例如 D=5")
            overrides[grade.strip().upper()] = value.strip()
        with Platform.open() as platform:
            result = draw_task(platform, department_code=department, name=name, base_ratio=ratio,
                               scope=Scope(regions=_split(regions), industries=_split(industries)),
                               actor="cli", seed=seed, factors=overrides)
        console.print(f"抽查任务 {result.task_id}：候选 {result.candidates:,} 个主体，抽中 {len(result.drawn):,} 个；"
                      f"种子 {result.document['seed']}")
        if out:
            out.write_text(json.dumps(result.document, ensure_ascii=False, indent=1), "utf-8")
            console.print(f"公示文件已写入 {out}（可用 xinyong supervision verify {out} 核验）")

    @supervision.command("verify")
    def verify_command(file: Path = typer.Argument(..., help="A published draw (JSON).")) -> None:
        """Recompute a published draw from its seed and candidate list; exit 1 if it does not match."""
        try:
            document = json.loads(file.read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise UserError(f"无法读取公示文件 {file}：{error}") from None
        result = verify(document)
        task = document.get("task") or {}
        if result.ok:
            console.print(f"核验通过：抽查任务 {task.get('id')}“{task.get('name')}”，"
                          f"{len(document['candidates']):,} 个候选中按种子 {document['seed']} "
                          f"抽中 {len(result.drawn):,} 个，与公示结果一致。")
            return
        for problem in result.problems:
            console.print(f"[bold red]不一致[/]：{problem}", highlight=False)
        raise typer.Exit(1)

    app.add_typer(supervision, name="supervision")
