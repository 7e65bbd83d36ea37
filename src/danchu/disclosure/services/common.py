"""Shared pieces of the disclosure services: validation, numbering, audiences, the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import counters
from danchu.core.audit import audit_record
from danchu.core.models import Agency, Membership, User
from danchu.disclosure.models import AudienceKind, Counter


def today() -> dt.date:
    return timezone.localdate()


def next_number(agency: Agency, key: str) -> int:
    return counters.next_number(Counter, agency, key)


def org_of(agency: Agency) -> Agency:
    return agency.organisation or agency


def audience_errors(
    org: Agency, kind: str, unit: Agency | None, people: list[User] | None = None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in AudienceKind.values:
        errors["audience_kind"] = [_("Choose who it is for.")]
    elif kind == AudienceKind.UNIT and (unit is None or not unit.path.startswith(org.path)):
        errors["audience_unit"] = [_("Choose a unit of this organisation.")]
    elif kind == AudienceKind.PEOPLE and not people:
        errors["audience_people"] = [_("Choose the people it is for.")]
    return errors


def audience_members(
    org: Agency,
    kind: str,
    unit: Agency | None = None,
    people: list[User] | None = None,
    on: dt.date | None = None,
) -> dict[User, Agency]:
    """Each active person of the audience with the deepest unit they work in (their
    division), for the per-unit figures."""
    path = unit.path if kind == AudienceKind.UNIT and unit is not None else org.path
    memberships = (
        Membership.objects.active(on or today())
        .filter(agency__path__startswith=path, person__is_active=True)
        .select_related("agency", "person")
        .order_by("-agency__depth", "agency_id")
    )
    if kind == AudienceKind.PEOPLE:
        memberships = memberships.filter(person__in=people or [])
    found: dict[User, Agency] = {}
    for m in memberships:
        found.setdefault(m.person, m.agency)
    return found


def record(
    actor: User | None, agency: Agency, verb: str, obj: Model, changes: dict[str, Any]
) -> None:
    audit_record(actor=actor, agency=agency, verb=verb, obj=obj, changes=changes)
