"""The audit chain: every state change appends one hash-chained event in the same transaction.

Each organisation has its own chain (``org:<id>``; events with no unit go to ``global``). The
chain's head row is locked while an event is appended, so two writers never take the same
position. ``verify_chains`` recomputes every hash and names the first broken link.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.models import Agency, AuditEvent, AuditHead, User

GENESIS = "0" * 64

# How each verb reads to a person; apps add theirs with ``register_verbs``.
VERB_LABELS: dict[str, Any] = {}


def register_verbs(labels: Mapping[str, Any]) -> None:
    VERB_LABELS.update(labels)


register_verbs(
    {
        "agency.create": _("created the unit"),
        "agency.update": _("changed the unit"),
        "person.create": _("created the account"),
        "person.set_active": _("enabled or disabled the account"),
        "person.unlock": _("unlocked the account"),
        "person.set_password": _("changed the password"),
        "membership.add": _("gave a role"),
        "membership.end": _("ended a role"),
        "calendar.add": _("added a day to the unit's calendar"),
        "calendar.remove": _("removed a day from the unit's calendar"),
        "clock_rule.add": _("added a stricter rule"),
        "api_token.create": _("created an API token"),
        "api_token.revoke": _("revoked an API token"),
        "auth.login": _("logged in"),
        "auth.logout": _("logged out"),
        "auth.login_failed": _("failed to log in"),
        "auth.locked": _("was locked out after failed logins"),
    }
)

# The id of the HTTP request (or CLI run) that caused the change; set by RequestIdMiddleware.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "danchu_request_id", default=""
)


def _json_default(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def canonical(value: object) -> str:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default
    )


def event_hash(event: AuditEvent) -> str:
    content = canonical(
        {
            "chain": event.chain,
            "position": event.position,
            "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "agency": event.agency_id,
            "verb": event.verb,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "object_label": event.object_label,
            "changes": event.changes,
            "request_id": event.request_id,
        }
    )
    return hashlib.sha256((event.prev_hash + content).encode("utf-8")).hexdigest()


def chain_for(agency: Agency | None) -> str:
    if agency is None:
        return "global"
    return f"org:{agency.organisation_id or agency.pk}"


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields that changed (JSON-safe values)."""
    keys = sorted(set(old) | set(new))
    out: dict[str, list[Any]] = {}
    for key in keys:
        a, b = old.get(key), new.get(key)
        if a != b:
            out[key] = json.loads(canonical([a, b]))
    return out


def as_created(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The changes of a creation: every field from nothing to its value."""
    return {k: [None, v] for k, v in values.items()}


def audit_record(
    *,
    actor: User | None,
    agency: Agency | None,
    verb: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    label: str | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside transaction.atomic")
    chain = chain_for(agency)
    head = AuditHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:  # the chain's first event (a concurrent first creator is ignored)
        AuditHead.objects.bulk_create([AuditHead(chain=chain)], ignore_conflicts=True)
        head = AuditHead.objects.select_for_update().get(chain=chain)
    event = AuditEvent(
        chain=chain,
        position=head.position + 1,
        at=timezone.now(),
        actor=actor,
        actor_label=(actor.get_full_name() if actor else "system"),
        agency=agency,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=(label if label is not None else str(obj))[:255],
        changes=json.loads(canonical(dict(changes or {}))),
        request_id=current_request_id.get(),
        prev_hash=head.hash or GENESIS,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    head.position, head.hash = event.position, event.hash
    head.save(update_fields=["position", "hash"])
    return event


@contextlib.contextmanager
def without_request_id() -> Iterator[None]:
    """Events written inside carry no request id: one that a proxy's log could tie to an
    address must not be kept for a protected sender's letter."""
    token = current_request_id.set("")
    try:
        yield
    finally:
        current_request_id.reset(token)


@dataclass(frozen=True, slots=True)
class BrokenLink:
    chain: str
    position: int
    event_id: int | None
    reason: str


def _walk(chain: str, head: AuditHead | None) -> BrokenLink | None:
    prev_hash, expected = GENESIS, 1
    events: Iterator[AuditEvent] = (
        AuditEvent.objects.filter(chain=chain).order_by("position").iterator(chunk_size=2000)
    )
    for event in events:
        if event.position != expected:
            return BrokenLink(chain, expected, None, "missing")
        if event.prev_hash != prev_hash:
            return BrokenLink(chain, event.position, event.pk, "prev_hash")
        if event_hash(event) != event.hash:
            return BrokenLink(chain, event.position, event.pk, "hash")
        prev_hash, expected = event.hash, expected + 1
    if head is not None and (head.position != expected - 1 or (head.hash or GENESIS) != prev_hash):
        return BrokenLink(chain, expected, None, "truncated")
    return None


def verify_chains() -> tuple[int, list[BrokenLink]]:
    """Walk every chain; return how many events were checked and each chain's first break."""
    heads = {h.chain: h for h in AuditHead.objects.all()}
    chains = set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    broken = []
    for chain in sorted(chains):
        link = _walk(chain, heads.get(chain))
        if link is not None:
            broken.append(link)
    return AuditEvent.objects.count(), broken
