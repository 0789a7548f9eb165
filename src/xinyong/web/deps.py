"""What handlers receive: the platform and a unit of work."""

from __future__ import annotations

from collections.abc import AsyncIterator

import anyio
import anyio.to_thread
from fastapi import Request
from sqlalchemy.orm import Session

from xinyong.platform import Platform


def get_platform(request: Request) -> Platform:
    return request.app.state.platform


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's unit of work (``Database.session``: committed if the request succeeds).

    Opening it does no I/O, so it happens in the event loop; closing it (commit or rollback, the
    connection back to the pool) goes to a worker thread, after the response has been sent, unless
    it only read from SQLite — then there is nothing to write and it ends in the loop. A trip to a
    thread costs this server about as much CPU as a two-character search (≈ 0.6 ms): a sync
    dependency would cost every request one more before its handler runs.
    """
    db = get_platform(request).db
    unit = db.session()
    session = unit.__enter__()
    try:
        yield session
    except BaseException as error:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(unit.__exit__, type(error), error, error.__traceback__)
        raise
    if db.ends_in_place(session):
        unit.__exit__(None, None, None)
        return
    with anyio.CancelScope(shield=True):
        await anyio.to_thread.run_sync(unit.__exit__, None, None, None)
