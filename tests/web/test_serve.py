"""`xinyong serve` runs the platform in as many server processes as the settings ask for."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

XINYONG = Path(sys.executable).with_name("xinyong")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[str]:
    listed = " ".join(path.read_text() for path in Path(f"/proc/{pid}/task").glob("*/children")).split()
    return [Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode() for child in listed]


def test_two_server_workers_answer_on_one_port_and_stop_together(tmp_path: Path) -> None:
    env = {**os.environ, "XINYONG_DATABASE_URL": f"sqlite:///{tmp_path / 'city.db'}",
           "XINYONG_SECRET_DIR": str(tmp_path / "secrets"), "XINYONG_SERVER_WORKERS": "2"}
    subprocess.run([XINYONG, "db", "upgrade"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen([XINYONG, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "服务未能启动"
                time.sleep(0.3)
        assert response.status_code == 200 and "公共信用信息平台" in response.text
        workers = [line for line in _children(server.pid) if "spawn_main" in line]
        assert len(workers) == 2
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0
    assert "2 个进程" in output
