"""docs/catalog.md keeps up with the data: every item and every code table is described."""

from pathlib import Path

from xinyong.catalog import get_catalog

DOC = (Path(__file__).parents[2] / "docs" / "catalog.md").read_text(encoding="utf-8")


def test_every_item_and_code_table_is_documented() -> None:
    catalog = get_catalog()
    assert [i.id for i in catalog.items() if f"`{i.id}`" not in DOC] == []
    assert [t.id for t in catalog.code_tables() if f"`{t.id}`" not in DOC] == []
