"""Commands that run the platform itself: schema, server, settings."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from xinyong.settings import Settings, get_settings

console = Console()


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="数据库：建表与升级。", no_args_is_help=True)

    @db_app.command("upgrade")
    def db_upgrade() -> None:
        """Create or upgrade the database schema to the newest version."""
        from xinyong.db.engine import Database
        from xinyong.db.migrate import head_revision, upgrade

        db = Database(get_settings().database_url)
        changed = upgrade(db)
        console.print(f"数据库 {db.backend} 已是最新结构（{head_revision(db)}）" + ("，已升级" if changed else ""))
        db.dispose()

    app.add_typer(db_app, name="db")

    @app.command()
    def serve(
        host: str = typer.Option(None, help="Address to listen on (default: the XINYONG_HOST setting)."),
        port: int = typer.Option(None, help="Port to listen on (default: the XINYONG_PORT setting)."),
    ) -> None:
        """Serve the portal and the API."""
        import uvicorn

        from xinyong.logs import logging_config

        settings = get_settings()
        host, port = host or settings.host, port or settings.port
        console.print(f"[bold]xinyong 公共信用信息平台[/] 已启动：http://{host}:{port}/ "
                      f"（{settings.server_workers} 个进程，接口文档 /docs，Ctrl+C 停止）")
        # Each worker process builds its own app from the factory; one process builds it here.
        uvicorn.run("xinyong.web.app:create_app", factory=True, workers=settings.server_workers, host=host,
                    port=port, log_config=logging_config(settings.log_level.upper()))

    @app.command("settings")
    def show_settings() -> None:
        """List every setting with its type, default and meaning."""
        table = Table("环境变量", "类型", "默认值", "说明")
        for name, field in Settings.model_fields.items():
            table.add_row(f"XINYONG_{name.upper()}", getattr(field.annotation, "__name__", str(field.annotation)),
                          repr(field.default), field.description or "")
        console.print(table)
