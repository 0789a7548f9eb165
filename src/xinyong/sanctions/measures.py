"""The published measures list and the one question every screening asks of it.

``measures_for`` can only ever answer with measures of the loaded, published list: its inputs are
used as keys to filter that list (list ids, a scenario code, a day), never to build a measure, so
no request can make the platform apply a measure that was not published (上海市社会信用条例
第三十二条; DESIGN.md "the catalog gates everything").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

from xinyong.catalog.catalog import Catalog, get_catalog
from xinyong.catalog.loader import Problems, parse_date, read_yaml
from xinyong.errors import NotFound, UserError
from xinyong.lists.registry import ListCatalog, get_lists
from xinyong.sanctions.loader import (
    MeasuresInvalid,
    check_measures,
    parse_editions,
    parse_measure,
    parse_scenarios,
)
from xinyong.sanctions.model import Edition, Effect, Measure, Role, Scenario, edition_in_force

DATA = Path(__file__).parent / "data" / "measures.yaml"


class MeasureList:
    """The measures list: scenarios, dated editions and the measures each edition carries."""

    def __init__(self, version: str, classes: dict[str, str], scenarios: list[Scenario], editions: list[Edition],
                 measures: list[Measure], lists: ListCatalog) -> None:
        self.version = version
        self.classes = classes
        self.lists = lists
        self._scenarios = {s.code: s for s in scenarios}
        self._editions = editions
        self._measures = tuple(measures)
        self._by_id = {m.id: m for m in measures}

    def scenario(self, code: str) -> Scenario:
        if code not in self._scenarios:
            known = "、".join(f"{s.code}（{s.name}）" for s in self._scenarios.values())
            raise UserError(f"应用场景“{code}”不在措施清单中（可用：{known}）", code="unknown_scenario")
        return self._scenarios[code]

    def scenarios(self) -> list[Scenario]:
        return list(self._scenarios.values())

    def edition_on(self, on: date) -> Edition:
        edition = edition_in_force(self._editions, on)
        if edition is None:
            raise NotFound(f"{on.isoformat()} 时尚无已公布的措施清单（最早版本自 "
                           f"{self._editions[0].effective_from} 起）")
        return edition

    def measure(self, measure_id: str) -> Measure:
        if measure_id not in self._by_id:
            raise NotFound(f"措施清单中没有措施“{measure_id}”：未经公布的措施不得实施")
        return self._by_id[measure_id]

    def measures(self) -> list[Measure]:
        return list(self._measures)

    def measures_for(self, lists_hit: Iterable[str], scenario: str, on: date, *, role: Role | str = Role.SUBJECT,
                     subject_kind: str | None = None) -> list[Measure]:
        """The published measures that apply, in ``scenario`` on ``on``, to a subject on ``lists_hit``.

        ``role`` says whether the subject is the one listed or a responsible person a listing
        names. Restrictions come before incentives. An empty answer means "no measure".
        """
        hits = frozenset(lists_hit)
        for list_id in sorted(hits):
            self.lists.get(list_id)
        self.scenario(scenario)
        try:
            role = Role(role)
        except ValueError:
            raise UserError(f"适用角色“{role}”无效，应为 subject（被列入主体）或 responsible_person（责任人）",
                            code="bad_role") from None
        edition = self.edition_on(on).id
        found = [m for m in self._measures if m.applies(hits, scenario, edition, role, subject_kind)]
        return sorted(found, key=lambda m: (m.effect is Effect.REWARD, m.measure_class.value, m.id))


def load_measures(path: Path = DATA, lists: ListCatalog | None = None, catalog: Catalog | None = None) -> MeasureList:
    """Read and validate ``path``; raise ``MeasuresInvalid`` listing every problem."""
    lists = lists or get_lists()
    problems = Problems()
    problems.where = path.name
    document = read_yaml(path, problems)
    if document and not document.get("version"):
        problems.add("缺少 version")
    parse_date(document.get("effective_from"), "effective_from", problems)
    scenarios = parse_scenarios(document.get("scenarios") or [], problems)
    editions = parse_editions(document.get("editions") or [], problems)
    if document and not editions:
        problems.add("没有任何版本（editions）")
    measures = [m for m in (parse_measure(r, lists, problems) for r in document.get("measures") or []) if m]
    check_measures(measures, scenarios, editions, lists, catalog or get_catalog(), problems)
    if problems.found:
        raise MeasuresInvalid(problems.found)
    classes = {str(k): str(v) for k, v in (document.get("classes") or {}).items()}
    return MeasureList(str(document["version"]), classes, scenarios, editions, measures, lists)


@lru_cache(maxsize=1)
def get_measures() -> MeasureList:
    """The platform's measures list, loaded and validated once per process."""
    return load_measures()


def measures_for(lists_hit: Iterable[str], scenario: str, on: date, *, role: Role | str = Role.SUBJECT,
                 subject_kind: str | None = None) -> list[Measure]:
    """``MeasureList.measures_for`` on the platform's published list."""
    return get_measures().measures_for(lists_hit, scenario, on, role=role, subject_kind=subject_kind)
