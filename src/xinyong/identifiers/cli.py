"""``xinyong codes``: check codes from the command line, one JSON object per code.

Other tools read this output: each line is ``{"input", "normalized", "kind", "verdict", "reasons"}``
(UTF-8, not ASCII-escaped); the exit status is 0 when every code is valid or valid with a warning,
1 when any is invalid.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import typer
from rich.console import Console
from rich.table import Table

from xinyong.clock import Clock
from xinyong.errors import UserError
from xinyong.identifiers.check import KINDS, check, require_kind
from xinyong.identifiers.reasons import KIND_LABELS, REASONS

_SEVERITY_LABELS = {"invalid": "无效", "warning": "需复核", "info": "说明"}


def _codes(arguments: list[str]) -> Iterator[str]:
    for argument in arguments:
        if argument != "-":
            yield argument
            continue
        # Every line is a code, blank ones too: the output keeps one line per input line.
        for number, line in enumerate(sys.stdin.buffer, start=1):
            try:
                yield line.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                message = f"标准输入第 {number} 行不是 UTF-8 编码的文本（GBK 文件请先转换为 UTF-8）。"
                raise UserError(message) from None


def register(app: typer.Typer) -> None:
    codes_app = typer.Typer(help="代码查验：统一社会信用代码、公民身份号码、组织机构代码、工商注册号。",
                            no_args_is_help=True)

    @codes_app.command("check")
    def check_codes(
        codes: list[str] = typer.Argument(
            None, help="要查验的代码，可以多个；“-” 表示从标准输入逐行读取。", show_default=False),
        kind: str = typer.Option(
            None, "--kind", help=f"按指定类型查验（{'、'.join(KINDS)}）；不给则自动判断类型。",
            show_default=False),
    ) -> None:
        """Check codes; print one JSON object per code; exit 1 if any code is invalid."""
        if not codes:
            raise UserError("没有要查验的代码：请在命令后写上代码，或用 “-” 从标准输入读取。")
        if kind is not None:
            require_kind(kind)
        today = Clock().today()
        all_acceptable = True
        write = sys.stdout.write
        for raw in _codes(codes):
            result = check(raw, kind, today=today)
            all_acceptable &= result.acceptable
            write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
        if not all_acceptable:
            raise typer.Exit(1)

    @codes_app.command("reasons")
    def list_reasons() -> None:
        """List every reason code a check can give, its severity and what it means."""
        table = Table("原因代码", "严重程度", "说明")
        for code, reason in REASONS.items():
            table.add_row(code, _SEVERITY_LABELS[reason.severity], reason.text)
        Console().print(table)
        typer.echo("类型：" + "，".join(f"{k} {label}" for k, label in KIND_LABELS.items()))

    app.add_typer(codes_app, name="codes")
