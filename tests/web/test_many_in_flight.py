"""More requests in flight than the server has threads and the database has connections: every one
is answered, in its turn, and none waits for a connection another finished request still holds."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import httpx

from tests.browser_support import LiveServer
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry

IN_FLIGHT = 48  # the SQLite pool holds 15 connections, the PostgreSQL pool 20


def _fire(base: str, paths: list[str]) -> list[httpx.Response]:
    """All at once: each thread opens its client, then all send together."""
    ready = Barrier(len(paths))

    def get(path: str) -> httpx.Response:
        with httpx.Client(base_url=base, timeout=25) as client:
            ready.wait()
            return client.get(path)

    # Threads, not asyncio: the browser tests leave an event loop running in this thread.
    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        return list(pool.map(get, paths))


def test_requests_beyond_the_connection_pool_are_all_answered(make_live_server: Callable[..., LiveServer]) -> None:
    server = make_live_server(server_threads=1, rate_limit_enabled=False)
    platform = server.platform
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register_many(
            [SubjectEntry(name="珠海市华信电子科技有限公司", code="91440400MA4UH3LX6G")])
    paths = [("/api/v1/subjects/91440400MA4UH3LX6G", "/api/v1/subjects?q=华信", "/subjects/91440400MA4UH3LX6G")[n % 3]
             for n in range(IN_FLIGHT)]
    responses = _fire(server.url, paths)
    assert [r.status_code for r in responses] == [200] * IN_FLIGHT
    assert all("珠海市华信电子科技有限公司" in r.text for r in responses)
