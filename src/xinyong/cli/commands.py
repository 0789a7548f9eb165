"""Every domain's commands, one line each."""

from __future__ import annotations

import typer

from xinyong.catalog import cli as catalog_cli
from xinyong.cli import platform_commands
from xinyong.workdays import cli as workdays_cli


def register_all(app: typer.Typer) -> None:
    platform_commands.register(app)
    catalog_cli.register(app)
    workdays_cli.register(app)
