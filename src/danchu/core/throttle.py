"""Limits on the public's unsuccessful attempts, per address, shared by every app process.

A public page that answers "not found" to a guess (a dossier code with the wrong ID digits, a
letter code with the wrong key, a wrong e-mail code) records a miss; once an address has made
``limit`` misses within ``window``, the page refuses to look further until the oldest miss is
old enough. The count lives in the database, not in a process's memory, so every app process
and worker sees the same count. Addresses are kept as an HMAC under the secret key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError, NotFound
from danchu.core.models import ThrottleMiss

KEEP = dt.timedelta(days=1)
T = TypeVar("T")


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind ``DANCHU_PROXY_COUNT`` proxies the entry
    of X-Forwarded-For the first of them added (entries further left can be forged)."""
    proxies = settings.DANCHU_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def address_of(request: HttpRequest) -> str:
    """The keyed hash of the client's address: the miss counts never hold it in clear."""
    raw = client_address(request)
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()[:40]


def blocked(scope: str, address: str, *, limit: int, window: dt.timedelta) -> bool:
    since = timezone.now() - window
    return ThrottleMiss.objects.filter(scope=scope, address=address, at__gt=since).count() >= limit


def miss(scope: str, address: str) -> None:
    ThrottleMiss.objects.create(scope=scope, address=address, at=timezone.now())


def purge() -> int:
    """Forget misses older than a day (no window is longer)."""
    deleted, _ = ThrottleMiss.objects.filter(at__lt=timezone.now() - KEEP).delete()
    return deleted


def attempt(request: HttpRequest, limit: Limit, lookup: Callable[[], T]) -> T:
    """``lookup()`` unless the address is over ``limit`` (a 429 DomainError); a lookup that
    raises NotFound counts as a miss."""
    address = address_of(request)
    if blocked(limit.scope, address, limit=limit.attempts, window=limit.window):
        raise DomainError(
            "too_many_attempts",
            _(
                "Too many unsuccessful attempts from your address. "
                "Please wait %(minutes)d minutes and try again."
            )
            % {"minutes": int(limit.window.total_seconds() // 60)},
            status=429,
        )
    try:
        return lookup()
    except NotFound:
        miss(limit.scope, address)
        raise
