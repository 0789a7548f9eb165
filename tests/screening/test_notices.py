"""Automatic triggering: list entries and exits reach subscribed departments — in their feed, and by
a signed webhook to a real HTTP server that fails once and is retried."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.screening.conftest import FIRMS, City, court_listing
from xinyong.screening.notices import deliver_due
from xinyong.screening.worker import work_once


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.failures_left = 1

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/credit-notices"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.server.failures_left:
            self.server.failures_left -= 1
            self.send_response(503)
        else:
            self.server.received.append((dict(self.headers), body))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_new_listing_reaches_the_feed_and_a_signed_webhook_after_one_retry(city: City, receiver: Receiver) -> None:
    subscribed = city.client.post("/api/v1/subscriptions", headers=city.czj,
                                  json={"scenarios": ["government_procurement"], "url": receiver.url}).json()
    city.client.post("/api/v1/subscriptions", headers=city.scjgj, json={"scenarios": ["honours"]})
    secret = subscribed["secret"]
    huaxin = FIRMS["huaxin"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(huaxin.name, huaxin.code))

    feed = city.client.get("/api/v1/notices", headers=city.czj).json()
    [notice] = feed["items"]
    assert (notice["change"], notice["list"]["id"], notice["subject"]["name"]) == (
        "entered", "court_dishonest_debtor", huaxin.name)
    assert notice["scenarios"] == {"government_procurement": ["procurement_exclusion"]}
    assert city.client.get(f"/api/v1/notices?after={feed['next_after']}", headers=city.czj).json()["items"] == []
    assert len(city.client.get("/api/v1/notices", headers=city.scjgj).json()["items"]) == 1  # honours too

    assert deliver_due(city.platform) == 0 and receiver.received == []  # the receiver answered 503
    failed = city.client.get("/api/v1/notices", headers=city.czj).json()["items"][0]
    assert (failed["delivery"], failed["attempts"], failed["last_error"]) == ("pending", 1, "HTTP 503")
    assert deliver_due(city.platform) == 0  # not yet: the retry waits a minute
    city.platform.clock.travel(timedelta(minutes=1))
    assert deliver_due(city.platform) == 1
    [(headers, body)] = receiver.received
    expected = hmac.new(secret.encode(), headers["X-Xinyong-Timestamp"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    assert headers["X-Xinyong-Signature"] == f"sha256={expected}"
    assert json.loads(body)["subject"]["code"] == huaxin.code


def test_the_end_of_a_period_is_announced_without_any_new_record(city: City) -> None:
    city.client.post("/api/v1/subscriptions", headers=city.czj, json={"scenarios": ["government_procurement"]})
    huaxin = FIRMS["huaxin"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(huaxin.name, huaxin.code, published="2024-12-02"))
    city.platform.clock.travel(timedelta(days=9))  # 2024-12-02 + 24 months = 2026-12-02, its first day off the list
    assert work_once(city.platform).list_changes == 1
    changes = [(n["change"], n["on"], n["entry"]["exit_reason"])
               for n in city.client.get("/api/v1/notices", headers=city.czj).json()["items"]]
    assert changes == [("entered", "2024-12-02", None), ("exited", "2026-12-02", None)]
    assert work_once(city.platform).list_changes == 0


def test_a_webhook_address_must_be_http_and_scenarios_must_exist(city: City) -> None:
    bad = city.client.post("/api/v1/subscriptions", headers=city.czj,
                           json={"scenarios": ["government_procurement"], "url": "ftp://example.org/x"})
    assert bad.status_code == 400 and "不是 http(s) 网址" in bad.json()["message"]
    unknown = city.client.post("/api/v1/subscriptions", headers=city.czj, json={"scenarios": ["lottery"]})
    assert unknown.status_code == 400 and "lottery" in unknown.json()["message"]
