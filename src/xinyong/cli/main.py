"""Entry point: one typer app; each domain adds its commands in ``commands.py``."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from xinyong.cli.commands import register_all
from xinyong.errors import UserError

app = typer.Typer(
    name="xinyong",
    help="xinyong 公共信用信息平台 — public credit information platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
register_all(app)

_err = Console(stderr=True)


def main() -> None:
    try:
        # Without standalone mode click returns a command's typer.Exit code instead of exiting.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except UserError as error:
        _err.print(f"[bold red]错误[/]: {error.message}", highlight=False)
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        _err.print("已中止")
        sys.exit(130)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except Exception as error:  # noqa: BLE001 - the last line of defence: a message, never a traceback
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        _err.print(f"[bold red]内部错误[/]: {type(error).__name__}: {error}", highlight=False)
        sys.exit(1)
