"""Per-client rate limits: a burst, then 429 with Retry-After, refilled as the clock moves on."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from fastapi.testclient import TestClient

from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account, issue_token
from xinyong.platform import Platform
from xinyong.web.app import create_app

LIMITS = {"rate_limit_burst": 3, "rate_limit_search_per_minute": 6, "rate_limit_pages_per_minute": 60,
          "rate_limit_staff_factor": 10}


def client_for(platform: Platform, **settings: object) -> TestClient:
    return TestClient(create_app(replace(platform, settings=platform.settings.model_copy(
        update={**LIMITS, **settings}))))


def statuses(client: TestClient, n: int, path: str = "/api/v1/subjects?q=华信", **headers: str) -> list[int]:
    return [client.get(path, headers=headers).status_code for _ in range(n)]


def test_a_burst_then_429_with_retry_after_and_a_refill_as_time_passes(platform: Platform) -> None:
    client = client_for(platform)
    assert statuses(client, 3) == [200, 200, 200]
    refused = client.get("/api/v1/subjects", params={"q": "华信"})
    # 6 a minute: one every 10 seconds.
    assert refused.status_code == 429 and refused.headers["retry-after"] == "10"
    assert refused.json() == {"error": "http_429", "message": "访问过于频繁，请 10 秒后再试"}
    page = client.get("/search", params={"q": "华信"})
    assert page.status_code == 429 and "访问过于频繁" in page.text, "the page and the API share the search bucket"
    platform.clock.travel(timedelta(seconds=9))
    assert statuses(client, 1) == [429]
    platform.clock.travel(timedelta(seconds=1))
    assert statuses(client, 2) == [200, 429]
    platform.clock.travel(timedelta(minutes=5))
    assert statuses(client, 4) == [200, 200, 200, 429], "a bucket refills to its burst, not beyond"


def test_search_and_other_pages_have_separate_buckets_and_static_files_none(platform: Platform) -> None:
    client = client_for(platform)
    assert statuses(client, 4) == [200, 200, 200, 429]
    assert statuses(client, 3, "/") == [200, 200, 200]
    assert statuses(client, 1, "/") == [429]
    assert statuses(client, 10, "/static/site.css") == [200] * 10


def test_clients_are_told_apart_by_address_and_forwarded_for_only_behind_a_trusted_proxy(platform: Platform) -> None:
    direct = client_for(platform)
    assert statuses(direct, 4, **{"X-Forwarded-For": "203.0.113.7"}) == [200, 200, 200, 429]
    assert statuses(direct, 1, **{"X-Forwarded-For": "203.0.113.8"}) == [429], "a header anyone can send is ignored"
    proxied = client_for(platform, trusted_proxy_hops=1)
    # The proxy appends the address it saw; whatever the client wrote before it is not trusted.
    assert statuses(proxied, 4, **{"X-Forwarded-For": "10.0.0.1, 203.0.113.7"}) == [200, 200, 200, 429]
    assert statuses(proxied, 3, **{"X-Forwarded-For": "10.0.0.1, 203.0.113.8"}) == [200, 200, 200]
    assert statuses(proxied, 1, **{"X-Forwarded-For": "10.0.0.2, 203.0.113.7"}) == [429]


def test_department_tokens_get_a_larger_allowance_and_bad_tokens_none(platform: Platform) -> None:
    with platform.db.session() as session:
        department = create_account(session, username="shichang", display_name="市场监管局", role=Role.DEPARTMENT,
                                    password="correct horse", now=platform.clock.now(), created_by="test",
                                    department_code="SCJGJ")
        token, _ = issue_token(session, department, "screening", platform.clock.now())
    client = client_for(platform)
    assert statuses(client, 30, Authorization=f"Bearer {token}") == [200] * 30
    assert statuses(client, 1, Authorization=f"Bearer {token}") == [429]
    assert statuses(client, 3) == [200, 200, 200], "the public bucket of the same address is untouched"
    assert statuses(client, 1, Authorization="Bearer xy_forged_token") == [429]


def test_limits_can_be_switched_off(platform: Platform) -> None:
    assert statuses(client_for(platform, rate_limit_enabled=False), 10) == [200] * 10
