"""``xinyong catalog items|show`` and ``xinyong departments``."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from xinyong.catalog.catalog import get_catalog
from xinyong.catalog.export import department_summary, item_summary

console = Console()


def _print_json(data: object) -> None:
    # Plain print, not rich: scripts parse this output.
    print(json.dumps(data, ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    catalog_app = typer.Typer(help="信用信息目录：信息项、字段与公示规则。", no_args_is_help=True)

    @catalog_app.command("items")
    def items(as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts.")) -> None:
        """List the catalog's items."""
        catalog = get_catalog()
        if as_json:
            _print_json([item_summary(catalog, i) for i in catalog.items()])
            return
        table = Table(
            "信息项",
            "名称",
            "类别",
            "分类",
            "公开范围",
            "字段数",
            "报送部门数",
            title=f"信用信息目录 {catalog.version}",
        )
        for item in catalog.items():
            summary = item_summary(catalog, item)
            table.add_row(
                item.id,
                item.name,
                summary["category_name"],
                summary["class_label"],
                summary["disclosure_label"],
                str(len(item.fields)),
                str(len(summary["departments"])),
            )
        console.print(table)

    @catalog_app.command("show")
    def show(item_id: str = typer.Argument(..., help="Item id, e.g. administrative_penalty.")) -> None:
        """Show one item: fields, code tables, departments and publicity rules."""
        catalog = get_catalog()
        item = catalog.item(item_id)
        summary = item_summary(catalog, item)
        console.print(
            f"[bold]{item.name}[/]（{item.id}） {summary['category_name']} · {summary['class_label']}"
            f" · {summary['disclosure_label']}",
            highlight=False,
        )
        for basis in item.legal_basis:
            console.print(f"  依据：{basis}", highlight=False)
        collection = item.collection
        if collection.deadline_workdays:
            deadline = f"{collection.deadline_from} 起 {collection.deadline_workdays} 个工作日"
            console.print(f"  报送期限：{deadline}", highlight=False)
        fields = Table("字段代码", "中文名", "类型", "必填", "长度", "代码表")
        for field in item.fields:
            required = "是" if field.required else ("条件" if field.required_when else "")
            fields.add_row(
                field.code,
                field.label,
                field.type.value,
                required,
                str(field.length or ""),
                field.code_table or "",
            )
        console.print(fields)
        console.print(
            "报送部门：" + "、".join(d.name for d in catalog.departments_supplying(item.id)), highlight=False
        )
        for regime in catalog.publicity_regimes(item.id):
            console.print(f"公示期限（决定日期 {regime.span()}）：", highlight=False)
            for rule in regime.rules:
                note = f"；{rule.note}" if rule.note and rule.note not in rule.describe() else ""
                console.print(f"  {rule.describe()}{note}", highlight=False)

    app.add_typer(catalog_app, name="catalog")

    @app.command("departments")
    def departments(as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts.")) -> None:
        """List the departments and the items each supplies."""
        catalog = get_catalog()
        if as_json:
            _print_json([department_summary(d) for d in catalog.departments()])
            return
        table = Table(
            "代码", "部门", "统一社会信用代码", "报送信息项", title=f"{catalog.city.get('name', '')}报送部门"
        )
        for department in catalog.departments():
            table.add_row(department.code, department.name, department.uscc, "、".join(department.items))
        console.print(table)
