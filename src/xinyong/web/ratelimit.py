"""Per-client rate limits on the public portal and API (访问频率限制).

Token buckets: each client has a bucket per class of request (``search`` for name/code search,
``pages`` for every other page and API read) that holds ``burst`` requests and refills at the
configured rate; an empty bucket answers 429 with ``Retry-After``. A client is its IP address
(the ``X-Forwarded-For`` entry added by the nearest trusted proxy, when the platform is told it
runs behind ones), or its account for signed-in department and credit-office staff, who get a
larger allowance. Time comes from the platform clock.

The buckets live in the process: with several workers each keeps its own, so a client gets up to
workers × the allowance. To share them, keep each bucket as a Redis hash (tokens, updated) and
run the same refill-and-take arithmetic in one Lua script (atomic per key), with the key expiring
once the bucket would be full again.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from starlette.exceptions import HTTPException

from xinyong.accounts.models import Account, Role
from xinyong.accounts.service import account_for_token
from xinyong.platform import Platform
from xinyong.settings import Settings

STAFF_ROLES = (Role.OFFICE.value, Role.DEPARTMENT.value)
SEARCH_PATHS = ("/search", "/api/v1/subjects")
UNLIMITED_PREFIXES = ("/static/", "/docs", "/redoc", "/api/v1/openapi.json")
# How long a looked-up account role is trusted before it is read again (a revoked token or a
# deactivated account loses its allowance within this time).
ROLE_TTL = 60.0
# Buckets kept before the full ones (clients idle long enough to be back at their burst) are dropped.
PRUNE_AT = 100_000


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Buckets per (class, client), with the allowances the settings give."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._roles: dict[str, tuple[str | None, float]] = {}
        self._lock = threading.Lock()

    def allowance(self, kind: str, staff: bool) -> tuple[float, float]:
        """(burst, refill per second) of a class of request."""
        s = self.settings
        per_minute = s.rate_limit_search_per_minute if kind == "search" else s.rate_limit_pages_per_minute
        factor = s.rate_limit_staff_factor if staff else 1
        return s.rate_limit_burst * factor, per_minute * factor / 60

    def take(self, kind: str, client: str, staff: bool, now: float) -> float:
        """Take one request from the client's bucket: 0 when allowed, else seconds until it would be."""
        burst, rate = self.allowance(kind, staff)
        with self._lock:
            bucket = self._buckets.get((kind, client))
            if bucket is None:
                if len(self._buckets) >= PRUNE_AT:
                    self._prune(now)
                bucket = self._buckets[(kind, client)] = _Bucket(burst, now)
            bucket.tokens = min(burst, bucket.tokens + max(now - bucket.at, 0) * rate)
            bucket.at = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / rate

    def _prune(self, now: float) -> None:
        for key, bucket in list(self._buckets.items()):
            burst, rate = self.allowance(key[0], key[1].startswith("account:"))
            if bucket.tokens + (now - bucket.at) * rate >= burst:
                del self._buckets[key]

    def role(self, key: str, now: float, look_up: Callable[[], str | None]) -> str | None:
        """An account's role, cached for ``ROLE_TTL`` seconds."""
        cached = self._roles.get(key)
        if cached is not None and now - cached[1] < ROLE_TTL:
            return cached[0]
        role = look_up()
        self._roles[key] = (role, now)
        return role


def client_address(request: Request, trusted_hops: int) -> str:
    """The client's IP: the peer, or behind ``trusted_hops`` proxies the address the outermost one saw."""
    peer = request.client.host if request.client else "unknown"
    forwarded = request.headers.get("x-forwarded-for")
    if trusted_hops <= 0 or not forwarded:
        return peer
    hops = [part.strip() for part in forwarded.split(",") if part.strip()]
    return hops[-trusted_hops] if len(hops) >= trusted_hops else hops[0] if hops else peer


def _staff_account(request: Request, platform: Platform, limiter: RateLimiter, now: float) -> str | None:
    """``account:<id>`` when a signed-in department or office account is asking."""
    header = request.headers.get("authorization", "")
    account_id = request.session.get("account_id") if "session" in request.scope else None
    if header.lower().startswith("bearer "):
        token = header[7:].strip()
        key = "token:" + hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
    elif account_id:
        key = f"session:{account_id}"
    else:
        return None

    def look_up() -> str | None:
        # Read without committing: the request itself records a token's use.
        with platform.db.sessions() as session:
            if key.startswith("token:"):
                account = account_for_token(session, token, platform.clock.now())
            else:
                account = session.get(Account, account_id)
            return f"{account.role}:{account.id}" if account is not None and account.active else None

    found = limiter.role(key, now, look_up)
    if found is None:
        return None
    role, account_id = found.split(":")
    return f"account:{account_id}" if role in STAFF_ROLES else None


def _kind(request: Request) -> str | None:
    path = request.url.path
    if request.method not in ("GET", "HEAD") or path.startswith(UNLIMITED_PREFIXES):
        return None
    return "search" if path in SEARCH_PATHS else "pages"


async def rate_limit(request: Request) -> None:
    """The app-wide dependency: count this request, or answer 429.

    It runs in the event loop (a sync dependency costs every request a trip to a worker thread);
    only a signed-in caller, whose account may have to be read, goes to one.
    """
    platform: Platform = request.app.state.platform
    limiter: RateLimiter = request.app.state.rate_limiter
    kind = _kind(request)
    if kind is None or not platform.settings.rate_limit_enabled:
        return
    now = platform.clock.now().timestamp()
    signed_in = "authorization" in request.headers or ("session" in request.scope and request.session)
    account = await anyio.to_thread.run_sync(_staff_account, request, platform, limiter, now) if signed_in else None
    client = account or "ip:" + client_address(request, platform.settings.trusted_proxy_hops)
    wait = limiter.take(kind, client, account is not None, now)
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise HTTPException(429, detail=f"访问过于频繁，请 {seconds} 秒后再试", headers={"Retry-After": str(seconds)})


def install_rate_limits(app: FastAPI) -> None:
    """Limit every route included after this call."""
    app.state.rate_limiter = RateLimiter(app.state.platform.settings)
    app.router.dependencies.append(Depends(rate_limit))
