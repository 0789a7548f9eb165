"""Work the web server does on its own: sealing new events into the ledger, and the screening
worker's round (list changes, screening jobs, webhooks), each every few seconds; and, at start,
how many requests it works on at once and what the garbage collector need not walk again.

A deployment with several server processes turns these off (interval 0) and runs
``xinyong ledger seal`` and ``xinyong screening work`` from cron instead; both are safe to run from
several places at once.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from xinyong.ledger.seal import seal_pending
from xinyong.platform import Platform
from xinyong.screening.worker import work_once
from xinyong.web.slots import open_handler_slots

log = logging.getLogger(__name__)


def _every(work: Callable[[Platform], object], platform: Platform, stop: threading.Event, interval: int) -> None:
    while not stop.wait(interval):
        try:
            work(platform)
        except Exception:  # a failed round is logged and retried at the next one
            log.exception("%s failed; retrying in %s s", work.__name__, interval)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    platform: Platform = app.state.platform
    open_handler_slots(app, platform.settings.server_threads)
    # What start-up built lives as long as the server: left to the collector, every full collection
    # walks it again, and each one stopped all requests in flight for 150-200 ms (the p99 of search).
    # No collection first: it costs as much as the pauses it would save in a process that starts
    # many apps (the test suite), and what it would free is a one-off.
    gc.freeze()
    stop = threading.Event()
    threads = []
    for name, work, interval in (("ledger-sealer", seal_pending, platform.settings.ledger_seal_interval_seconds),
                                 ("screening-worker", work_once, platform.settings.screening_worker_interval_seconds)):
        if interval > 0:
            threads.append(threading.Thread(target=_every, args=(work, platform, stop, interval), name=name,
                                            daemon=True))
            threads[-1].start()
    yield
    gc.unfreeze()
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
