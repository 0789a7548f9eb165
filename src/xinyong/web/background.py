"""Work the web server does on its own: sealing new events into the ledger every few seconds.

A deployment with several server processes turns this off (interval 0) and runs
``xinyong ledger seal`` from cron instead; sealing is safe to run from several places at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from xinyong.ledger.seal import seal_pending
from xinyong.platform import Platform

log = logging.getLogger(__name__)


def _sealer(platform: Platform, stop: threading.Event, interval: int) -> None:
    while not stop.wait(interval):
        try:
            seal_pending(platform)
        except Exception:  # a failed round is logged and retried at the next one
            log.exception("sealing the ledger failed; retrying in %s s", interval)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    platform: Platform = app.state.platform
    interval = platform.settings.ledger_seal_interval_seconds
    stop = threading.Event()
    thread = None
    if interval > 0:
        thread = threading.Thread(target=_sealer, args=(platform, stop, interval), name="ledger-sealer", daemon=True)
        thread.start()
    yield
    stop.set()
    if thread is not None:
        thread.join(timeout=10)
