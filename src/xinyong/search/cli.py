"""``xinyong search …``: query the public search as the portal does, rebuild its index."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from xinyong.platform import Platform
from xinyong.search.index import rebuild_index
from xinyong.search.service import search

console = Console()


def register(app: typer.Typer) -> None:
    search_app = typer.Typer(help="信用查询：按名称或代码查询，重建查询索引。", no_args_is_help=True)

    @search_app.command("query")
    def query(q: str = typer.Argument(..., help="A name fragment, former name or (partial) code."),
              page: int = typer.Option(1, "--page", help="Page number, from 1.")) -> None:
        """Search as the public does: ranked, people never shown."""
        with Platform.open() as platform, platform.db.session() as session:
            found = search(session, q, page=page, page_size=min(20, platform.settings.page_size_max),
                           page_size_max=platform.settings.page_size_max, cap=platform.settings.search_count_cap)
        table = Table("代码", "名称", "类型", "命中方式")
        for hit in found.hits:
            table.add_row(hit.code, hit.name, hit.kind_label, hit.match_label)
        console.print(table)
        total = f"{found.cap:,}+" if found.total_capped else str(found.total)
        console.print(f"共 {total} 个主体；第 {found.page} 页{'，还有下一页' if found.has_more else ''}")

    @search_app.command("reindex")
    def reindex() -> None:
        """Rebuild the search index from the registry (after a restore or a bulk change made outside it)."""
        with Platform.open() as platform, platform.db.session() as session:
            done = rebuild_index(session)
        console.print(f"已重建查询索引：{done:,} 个主体")

    app.add_typer(search_app, name="search")
