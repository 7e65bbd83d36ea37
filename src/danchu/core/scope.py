"""What a person may see and change, from their active memberships.

Reading: a member of any unit reads the whole organisation the unit belongs to (a division's
staff read their department); a steering-committee member reads every unit of the city the
committee belongs to; a superuser reads everything. Changing is decided per app by ``rules``
predicates, which look at the roles a person holds over an object's unit (``roles_over``).
The scope is computed once per request and cached on the user object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from danchu.core.models import Agency, Membership, Role, User


@dataclass(frozen=True, slots=True)
class Grant:
    role: str
    path: str  # the unit where the role is held
    org_path: str  # the organisation that unit belongs to
    org_id: int = 0


@dataclass(slots=True)
class Scope:
    is_superuser: bool = False
    grants: list[Grant] = field(default_factory=list)
    read_paths: list[str] = field(default_factory=list)

    def can_read_path(self, path: str) -> bool:
        return self.is_superuser or any(path.startswith(p) for p in self.read_paths)

    def roles_over(self, path: str) -> set[str]:
        """Roles covering ``path``: a role held in a unit covers that unit's subtree, so the
        head of a department covers all of it and the head of a subordinate unit only that
        unit (where each role may be held is checked by ``membership_add``)."""
        return {g.role for g in self.grants if path.startswith(g.path)}

    def roles_in_organisation(self, agency: Agency) -> set[str]:
        """Roles held anywhere in the organisation ``agency`` belongs to (a one-stop officer of
        the desk acts for the whole department) — that organisation itself: a role held in the
        city above it, or in a steering committee, gives nothing here."""
        org_id = agency.organisation_id or agency.pk
        return {g.role for g in self.grants if g.org_id == org_id}

    def read_q(self, prefix: str = "") -> Q:
        """A filter on ``<prefix>path`` limiting a queryset to what may be read."""
        if self.is_superuser:
            return Q()
        if not self.read_paths:
            return Q(pk__in=[])
        q = Q()
        for path in self.read_paths:
            q |= Q(**{f"{prefix}path__startswith": path})
        return q


def _minimal(paths: set[str]) -> list[str]:
    """Drop paths covered by a shorter one, so filters stay short."""
    result: list[str] = []
    for path in sorted(paths, key=len):
        if not any(path.startswith(p) for p in result):
            result.append(path)
    return sorted(result)


def scope_for(user: User | None, on: dt.date | None = None) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope()
    cached: Scope | None = getattr(user, "_danchu_scope", None)
    if cached is not None and on is None:
        return cached
    memberships = (
        Membership.objects.active(on or timezone.localdate())
        .filter(person=user, agency__is_active=True)
        .select_related("agency", "agency__organisation", "agency__parent__organisation")
    )
    grants: list[Grant] = []
    read: set[str] = set()
    for m in memberships:
        agency = m.agency
        org = agency.organisation or agency
        grants.append(Grant(m.role, agency.path, org.path, org.pk))
        if m.role == Role.STEERING_MEMBER:
            read.add(_city_path(agency))
        else:
            read.add(org.path)
    scope = Scope(is_superuser=user.is_superuser, grants=grants, read_paths=_minimal(read))
    if on is None:
        user._danchu_scope = scope  # type: ignore[attr-defined]  # per-request cache
    return scope


def _city_path(agency: Agency) -> str:
    """The path of the root organisation above a committee (the city or province)."""
    return agency.path.split(".")[0] + "."
