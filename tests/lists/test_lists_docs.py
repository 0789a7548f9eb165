"""docs/lists-and-measures.md keeps up with the data: every list, measure and scenario is described."""

from pathlib import Path

from xinyong.lists import get_lists
from xinyong.sanctions import get_measures

DOC = (Path(__file__).parents[2] / "docs" / "lists-and-measures.md").read_text(encoding="utf-8")


def test_every_list_measure_and_scenario_is_documented() -> None:
    assert [c.id for c in get_lists().all() if f"`{c.id}`" not in DOC] == []
    assert [m.id for m in get_measures().measures() if f"`{m.id}`" not in DOC] == []
    assert [s.code for s in get_measures().scenarios() if f"`{s.code}`" not in DOC] == []
