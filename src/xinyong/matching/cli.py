"""``xinyong matching rules``: the matching algorithms as declared, in the words of docs/matching.md."""

from __future__ import annotations

import typer

from xinyong.matching.docs import describe
from xinyong.matching.rules import get_rules


def register(app: typer.Typer) -> None:
    matching_app = typer.Typer(help="名称匹配：算法、特征与阈值。", no_args_is_help=True)

    @matching_app.command("rules")
    def rules() -> None:
        """Print the declared algorithms (features, weights, thresholds) as Markdown."""
        print(describe(get_rules()))

    app.add_typer(matching_app, name="matching")
