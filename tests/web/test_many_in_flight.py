"""More requests in flight than the server has threads and the database has connections: every one
is answered, in its turn, and none waits for a connection another finished request still holds."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from tests.browser_support import LiveServer
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry

IN_FLIGHT = 48  # the SQLite pool holds 15 connections, the PostgreSQL pool 20


async def _fire(base: str, paths: list[str]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=len(paths))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=25) as client:
        return await asyncio.gather(*(client.get(path) for path in paths))


def test_requests_beyond_the_connection_pool_are_all_answered(make_live_server: Callable[..., LiveServer]) -> None:
    server = make_live_server(server_threads=1, rate_limit_enabled=False)
    platform = server.platform
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register_many(
            [SubjectEntry(name="珠海市华信电子科技有限公司", code="91440400MA4UH3LX6G")])
    paths = [("/api/v1/subjects?q=华信", "/search?q=华信", "/subjects/91440400MA4UH3LX6G")[n % 3]
             for n in range(IN_FLIGHT)]
    responses = asyncio.run(_fire(server.url, paths))
    assert [r.status_code for r in responses] == [200] * IN_FLIGHT
    assert all("珠海市华信电子科技有限公司" in r.text for r in responses)
