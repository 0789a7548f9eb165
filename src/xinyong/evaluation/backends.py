"""Where grading runs: in this process (the default), or on a Dask distributed cluster when
``XINYONG_DASK_SCHEDULER`` names one (DESIGN.md, spine 7: no home-made distribution).

Work goes out a chunk of subject ids at a time. On the cluster each task opens the database itself,
loads its subjects' records, grades them and stores the grades, so only ids go out and counts come
back. Workers need the platform installed and the database reachable at the same URL (each chunk
is its own transaction; chunks never share a subject).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Protocol, TypeVar

from xinyong.db.engine import Database
from xinyong.evaluation.engine import Grading, Scorer
from xinyong.evaluation.facts import load_facts
from xinyong.evaluation.store import ChunkResult, RunContext, write_grades

T = TypeVar("T")


@lru_cache(maxsize=4)
def _database(url: str) -> Database:
    return Database(url)


def _open(db: Database | str) -> Database:
    return db if isinstance(db, Database) else _database(db)


def grade_task(db: Database | str, scorer: Scorer, ids: Sequence[int]) -> list[Grading]:
    """Grade one chunk of subjects (nothing stored)."""
    with _open(db).session() as session:
        return [scorer.score(facts) for facts in load_facts(session, scorer.model, ids)]


def store_task(db: Database | str, context: RunContext, ids: Sequence[int]) -> ChunkResult:
    """Grade one chunk of subjects and store the results, in one transaction."""
    scorer = Scorer(context.model, context.as_of)
    with _open(db).session() as session:
        gradings = [scorer.score(facts) for facts in load_facts(session, context.model, ids)]
        return write_grades(session, context, gradings)


class Backend(Protocol):
    name: str

    def map(self, task: Callable[..., T], db: Database, argument: Any,
            chunks: list[list[int]]) -> Iterator[T]: ...


class LocalBackend:
    name = "local"

    def map(self, task: Callable[..., T], db: Database, argument: Any, chunks: list[list[int]]) -> Iterator[T]:
        for ids in chunks:
            yield task(db, argument, ids)


class DaskBackend:
    name = "dask"

    def __init__(self, address: str) -> None:
        self.address = address

    def map(self, task: Callable[..., T], db: Database, argument: Any, chunks: list[list[int]]) -> Iterator[T]:
        from distributed import Client, as_completed

        with Client(self.address) as client:
            futures = client.map(task, [db.url] * len(chunks), [argument] * len(chunks), chunks, pure=False)
            for future in as_completed(futures):
                yield future.result()
                future.release()


def backend_for(scheduler: str) -> Backend:
    """The Dask backend when a scheduler address is set, else this process."""
    return DaskBackend(scheduler) if scheduler.strip() else LocalBackend()
