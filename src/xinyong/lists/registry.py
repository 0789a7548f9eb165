"""The loaded credit lists and their lookups."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from xinyong.catalog.catalog import Catalog, get_catalog
from xinyong.catalog.loader import Problems, parse_date, read_yaml
from xinyong.errors import NotFound
from xinyong.lists.loader import ListsInvalid, check_lists, parse_list
from xinyong.lists.model import CreditList, ListKind

DATA = Path(__file__).parent / "data" / "lists.yaml"


class ListCatalog:
    """Every list the platform keeps, by id, validated against the catalog."""

    def __init__(self, version: str, lists: list[CreditList]) -> None:
        self.version = version
        self._lists = {c.id: c for c in lists}

    def get(self, list_id: str) -> CreditList:
        if list_id not in self._lists:
            raise NotFound(f"没有名单“{list_id}”（已设立的名单：{'、'.join(self._lists)}）")
        return self._lists[list_id]

    def __contains__(self, list_id: object) -> bool:
        return list_id in self._lists

    def all(self) -> list[CreditList]:
        return list(self._lists.values())

    def of_kind(self, *kinds: ListKind) -> list[CreditList]:
        return [c for c in self._lists.values() if c.kind in kinds]


def load_lists(path: Path = DATA, catalog: Catalog | None = None) -> ListCatalog:
    """Read and validate ``path``; raise ``ListsInvalid`` listing every problem."""
    problems = Problems()
    problems.where = path.name
    document = read_yaml(path, problems)
    if document and not document.get("version"):
        problems.add("缺少 version")
    parse_date(document.get("effective_from"), "effective_from", problems)
    lists = [c for c in (parse_list(r, problems) for r in document.get("lists") or []) if c]
    if document and not lists:
        problems.add("没有任何名单")
    check_lists(lists, catalog or get_catalog(), problems)
    if problems.found:
        raise ListsInvalid(problems.found)
    return ListCatalog(str(document["version"]), lists)


@lru_cache(maxsize=1)
def get_lists() -> ListCatalog:
    """The platform's lists, loaded and validated once per process."""
    return load_lists()
