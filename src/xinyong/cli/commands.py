"""Every domain's commands, one line each."""

from __future__ import annotations

import typer

from xinyong.accounts import cli as accounts_cli
from xinyong.catalog import cli as catalog_cli
from xinyong.cli import platform_commands
from xinyong.collection import cli as collection_cli
from xinyong.evaluation import cli as evaluation_cli
from xinyong.identifiers import cli as identifiers_cli
from xinyong.ledger import cli as ledger_cli
from xinyong.matching import cli as matching_cli
from xinyong.monitoring import cli as monitoring_cli
from xinyong.reports import cli as reports_cli
from xinyong.sample import cli as sample_cli
from xinyong.screening import cli as screening_cli
from xinyong.search import cli as search_cli
from xinyong.subjects import cli as subjects_cli
from xinyong.supervision import cli as supervision_cli
from xinyong.workdays import cli as workdays_cli
from xinyong.workflows import cli as workflows_cli


def register_all(app: typer.Typer) -> None:
    platform_commands.register(app)
    identifiers_cli.register(app)
    subjects_cli.register(app)
    catalog_cli.register(app)
    workdays_cli.register(app)
    collection_cli.register(app)
    accounts_cli.register(app)
    sample_cli.register(app)
    ledger_cli.register(app)
    matching_cli.register(app)
    search_cli.register(app)
    workflows_cli.register(app)
    evaluation_cli.register(app)
    supervision_cli.register(app)
    monitoring_cli.register(app)
    reports_cli.register(app)
    screening_cli.register(app)
