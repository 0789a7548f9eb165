"""Where grading runs: in this process (the default), or on a Dask distributed cluster when
``XINYONG_DASK_SCHEDULER`` names one (DESIGN.md, spine 7: no home-made distribution).

On the cluster each task loads its own chunk of subjects from the database and grades it, so only
subject ids travel out and grades travel back; the client writes the grades. Workers need the
platform installed and the database reachable at the same URL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy.orm import Session

from xinyong.db.engine import Database
from xinyong.evaluation.engine import Grading, Scorer
from xinyong.evaluation.facts import load_facts
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.model import EvaluationModel


def grade_chunk(session: Session, model: EvaluationModel, as_of: date, ids: Sequence[int]) -> list[Grading]:
    scorer = Scorer(model, as_of)
    return [scorer.score(facts) for facts in load_facts(session, model, ids)]


@lru_cache(maxsize=4)
def _database(url: str) -> Database:
    return Database(url)


def grade_remote(url: str, model_id: str, as_of: date, ids: Sequence[int]) -> list[Grading]:
    """A cluster task: one chunk, graded where it runs."""
    with _database(url).session() as session:
        return grade_chunk(session, get_models().get(model_id), as_of, ids)


class Backend(Protocol):
    name: str

    def grade(self, db: Database, model: EvaluationModel, as_of: date,
              chunks: list[list[int]]) -> Iterator[list[Grading]]: ...


class LocalBackend:
    name = "local"

    def grade(self, db: Database, model: EvaluationModel, as_of: date,
              chunks: list[list[int]]) -> Iterator[list[Grading]]:
        for ids in chunks:
            with db.session() as session:
                yield grade_chunk(session, model, as_of, ids)


class DaskBackend:
    name = "dask"

    def __init__(self, address: str) -> None:
        self.address = address

    def grade(self, db: Database, model: EvaluationModel, as_of: date,
              chunks: list[list[int]]) -> Iterator[list[Grading]]:
        from distributed import Client, as_completed

        with Client(self.address) as client:
            futures: list[Any] = client.map(grade_remote, [db.url] * len(chunks), [model.id] * len(chunks),
                                            [as_of] * len(chunks), chunks, pure=False)
            for future in as_completed(futures):
                yield future.result()
                future.release()


def backend_for(scheduler: str) -> Backend:
    """The Dask backend when a scheduler address is set, else this process."""
    return DaskBackend(scheduler) if scheduler.strip() else LocalBackend()
