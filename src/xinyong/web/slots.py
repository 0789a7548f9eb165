"""How many requests one server process works on at once (``XINYONG_SERVER_THREADS``).

With SQLite the work is CPU-bound under one GIL: requests in flight only interleave, each finishes
later and the process uses more CPU. So a request waits for a slot before its handler runs, in
arrival order, and keeps it until its response is ready to send.

The wait is in the event loop, holding neither a thread nor a database connection. Bounding the
thread pool instead deadlocked past 16 requests in flight: FastAPI checks a sync handler's response
in the pool again, and finished requests waiting there for a thread held every connection while
the handlers holding the threads waited for one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
from fastapi import Depends, FastAPI, Request


async def _slot(request: Request) -> AsyncIterator[None]:
    # An app served without its lifespan (an in-process test client) has no slots: no bound.
    slots: anyio.Semaphore | None = getattr(request.app.state, "handler_slots", None)
    if slots is None:
        yield
        return
    async with slots:
        yield


def install_handler_slots(app: FastAPI) -> None:
    """Every route waits for a slot; function scope gives it back before the response is sent."""
    app.router.dependencies.append(Depends(_slot, scope="function"))


def open_handler_slots(app: FastAPI, count: int) -> None:
    """Called in the lifespan, so the semaphore belongs to the server's event loop."""
    app.state.handler_slots = anyio.Semaphore(count)
