"""Every domain's commands, one line each."""

from __future__ import annotations

import typer

from xinyong.cli import platform_commands
from xinyong.ledger import cli as ledger


def register_all(app: typer.Typer) -> None:
    platform_commands.register(app)
    ledger.register(app)
