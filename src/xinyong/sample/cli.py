"""``xinyong sample``: build the sample city."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from xinyong.platform import Platform
from xinyong.sample.accounts import DEMO_PASSWORD, demo_accounts
from xinyong.sample.build import build_sample_city
from xinyong.settings import get_settings
from xinyong.subjects.models import Subject

console = Console()


def register(app: typer.Typer) -> None:
    @app.command()
    def sample(
        subjects: int = typer.Option(None, "--subjects", min=1, max=50_000_000,
                                     help="How many subjects the city has (default: XINYONG_SAMPLE_SUBJECTS)."),
        seed: int = typer.Option(None, help="Seed; the same seed always builds the same city."),
        if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing when the database already holds subjects."),
    ) -> None:
        """Build the deterministic sample city (subjects and everything the platform does with them)."""
        settings = get_settings()
        with Platform.open(settings) as platform:
            with platform.db.session() as session:
                existing = session.scalar(select(func.count()).select_from(Subject)) or 0
            if existing and if_empty:
                console.print(f"数据库已有 {existing:,} 个主体，跳过样例城市。")
                return
            size = subjects or settings.sample_subjects
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=console) as progress:
                city = build_sample_city(platform, size, seed if seed is not None else settings.sample_seed,
                                         progress)
            made = sum(len(ids) for ids in city.subject_ids.values())
            console.print(f"样例城市已建成：{made:,} 个主体；刻意加入的数据缺陷：{city.counts}")
            console.print(f"演示账号（密码均为 {DEMO_PASSWORD}）：" +
                          "、".join(f"{user}（{who}）" for user, who in demo_accounts(platform)))
