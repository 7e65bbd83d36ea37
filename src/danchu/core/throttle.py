"""Limits on the public's unsuccessful attempts, per address, shared by every app process.

A public page that answers "not found" to a guess (a dossier code with the wrong ID digits, a
letter code with the wrong key, a wrong e-mail code) keeps a miss; once an address has made
``limit`` misses within ``window``, the page refuses to look further until the oldest miss is
old enough. Each attempt is counted before the lookup and withdrawn when it found something.
The count lives in the database, not in a process's memory, so every app process and worker
sees the same count. Addresses are kept as an HMAC under the secret key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from danchu.core.errors import DomainError, NotFound
from danchu.core.models import ThrottleMiss

KEEP = dt.timedelta(days=1)
T = TypeVar("T")
TOO_MANY = gettext_lazy(
    "Too many unsuccessful attempts from your address. "
    "Please wait %(minutes)d minutes and try again."
)


@dataclass(frozen=True)
class Limit:
    scope: str
    attempts: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)
    message: str | Promise = TOO_MANY


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind ``DANCHU_PROXY_COUNT`` proxies the entry
    of X-Forwarded-For the first of them added (entries further left can be forged)."""
    proxies = settings.DANCHU_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies > 0 and len(forwarded) >= proxies:
        return _host(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _host(entry: str) -> str:
    """An address without the port a proxy may add ("1.2.3.4:1111", "[2001:db8::1]:443")."""
    if entry.startswith("["):
        return entry[1 : entry.find("]")] if "]" in entry else entry
    if entry.count(":") == 1:
        return entry.split(":", 1)[0]
    return entry


def address_of(request: HttpRequest) -> str:
    """The keyed hash of the client's address — of its /64 for IPv6, which one subscriber
    holds whole —: the counts never hold an address in clear."""
    raw = client_address(request)
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        pass
    else:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            raw = str(ip.ipv4_mapped)  # "::ffff:1.2.3.4" is one IPv4 client, not a /64
        elif ip.version == 6:
            raw = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, raw.encode(), hashlib.sha256).hexdigest()[:40]


def take(request: HttpRequest, limit: Limit) -> ThrottleMiss:
    """Count this attempt first, then look: requests sent in parallel each see the others, so
    none slips under the limit. Over the limit the attempt is withdrawn and refused."""
    address = address_of(request)
    since = timezone.now() - limit.window
    # Misses past their window are not counted; ``purge`` (run by portal_notify every few
    # minutes) forgets them after a day.
    row = ThrottleMiss.objects.create(scope=limit.scope, address=address, at=timezone.now())
    counted = ThrottleMiss.objects.filter(scope=limit.scope, address=address, at__gt=since)
    if counted.count() > limit.attempts:
        row.delete()
        minutes = int(limit.window.total_seconds() // 60)
        message = str(limit.message) % {"minutes": minutes}
        raise DomainError("too_many_attempts", message, status=429)
    return row


def spend(request: HttpRequest, limit: Limit) -> None:
    """Count a use that is limited whatever its outcome (an e-mail code sent); 429 over it."""
    take(request, limit)


def attempt(request: HttpRequest, limit: Limit, lookup: Callable[[], T]) -> T:
    """``lookup()`` unless the address is over ``limit`` (a 429 DomainError); a lookup that
    raises NotFound stays counted as a miss, any other outcome is not counted."""
    row = take(request, limit)
    try:
        found = lookup()
    except NotFound:
        raise
    except BaseException:
        row.delete()
        raise
    row.delete()
    return found


def purge() -> int:
    """Forget misses older than a day (no window is longer)."""
    deleted, _ = ThrottleMiss.objects.filter(at__lt=timezone.now() - KEEP).delete()
    return deleted
