"""Real headless Chromium against the app served by uvicorn, on SQLite and PostgreSQL.

``live_server`` serves the app on the test's ``platform`` (fresh database, frozen clock) from a
background thread on a free port; ``browser`` is Debian's Chromium driven by Playwright, launched
once per session. Screenshots go to ``test-artifacts/`` (git-ignored) through ``screenshot``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from xinyong.platform import Platform
from xinyong.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"


@dataclass
class LiveServer:
    url: str
    platform: Platform


def _serve(platform: Platform) -> Iterator[LiveServer]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(platform), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{sock.getsockname()[1]}", platform)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def make_live_server(platform: Platform) -> Iterator[Callable[..., LiveServer]]:
    """Serve the app on this test's platform, with some settings changed (one server per call)."""
    running: list[Iterator[LiveServer]] = []

    def make(**settings: object) -> LiveServer:
        serving = _serve(replace(platform, settings=platform.settings.model_copy(update=settings)))
        running.append(serving)
        return next(serving)

    yield make
    for serving in running:
        next(serving, None)


@pytest.fixture
def live_server(make_live_server: Callable[..., LiveServer]) -> LiveServer:
    return make_live_server()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed; `make test` installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """Save a full-page screenshot named after the test (and backend) in ``test-artifacts/``."""

    def take(page: Page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = request.node.name.replace("[", "-").replace("]", "")
        path = ARTIFACTS / f"{stem}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
