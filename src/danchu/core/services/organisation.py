"""The organisation tree, people's accounts and their memberships (roles held in units)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import as_created, audit_record, diff
from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import ORGANISATION_KINDS, Agency, AgencyKind, Membership, Role, User
from danchu.core.services.common import _validate, require, snapshot

PATH_WIDTH = 6


# --- Organisation ------------------------------------------------------------------------------

AGENCY_FIELDS = ["code", "name", "short_name", "kind", "parent_id", "address", "is_active"]


def agency_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    parent: Agency | None = None,
    short_name: str = "",
    address: str = "",
) -> Agency:
    """Create a unit under ``parent`` (a root when None; only the system makes roots)."""
    with transaction.atomic():
        if parent is None:
            if actor is not None and not actor.is_superuser:
                raise Forbidden()
        else:
            require(actor, "core.change_agency", parent)
        agency = Agency(
            code=code.strip(),
            name=name.strip(),
            short_name=short_name.strip(),
            kind=kind,
            parent=parent,
            address=address,
        )
        _validate(agency, exclude=["path", "organisation"])
        agency.save()
        _set_path(agency)
        audit_record(
            actor=actor,
            agency=agency,
            verb="agency.create",
            obj=agency,
            changes=as_created(snapshot(agency, AGENCY_FIELDS)),
        )
        return agency


def _set_path(agency: Agency) -> None:
    parent = agency.parent
    agency.path = (parent.path if parent else "") + f"{agency.pk:0{PATH_WIDTH}d}."
    agency.depth = parent.depth + 1 if parent else 0
    if agency.kind in ORGANISATION_KINDS or parent is None:
        agency.organisation = agency
    else:
        agency.organisation = parent.organisation or parent
    agency.save(update_fields=["path", "depth", "organisation"])


def agency_update(*, actor: User | None, agency: Agency, **changes: Any) -> Agency:
    """Change a unit's code, names, address or activity (not its place in the tree)."""
    allowed = {"code", "name", "short_name", "address", "is_active"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(
            "invalid",
            _("These fields cannot be changed here."),
            fields={k: [_("Not changeable.")] for k in unknown},
        )
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        require(actor, "core.change_agency", agency)
        before = snapshot(agency, AGENCY_FIELDS)
        for key, value in changes.items():
            setattr(agency, key, value.strip() if isinstance(value, str) else value)
        _validate(agency, exclude=["path", "organisation"])
        agency.save()
        audit_record(
            actor=actor,
            agency=agency,
            verb="agency.update",
            obj=agency,
            changes=diff(before, snapshot(agency, AGENCY_FIELDS)),
        )
        return agency


# --- People ------------------------------------------------------------------------------------


def person_create(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    full_name: str,
    email: str = "",
    phone: str = "",
    password: str | None = None,
) -> User:
    """Create an account for a person who will join ``agency`` (whose administrators may)."""
    with transaction.atomic():
        require(actor, "core.add_membership", agency)
        person = User(
            username=username.strip(),
            full_name=full_name.strip(),
            email=email.strip(),
            phone=phone.strip(),
        )
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        _validate(person, exclude=["password"])
        person.save()
        audit_record(
            actor=actor,
            agency=agency,
            verb="person.create",
            obj=person,
            changes={"username": [None, person.username], "full_name": [None, person.full_name]},
        )
        return person


def person_set_active(*, actor: User | None, person: User, agency: Agency, active: bool) -> User:
    """Enable or disable an account; a disabled person cannot log in or use a token."""
    with transaction.atomic():
        require(actor, "core.change_membership", agency)
        person = User.objects.select_for_update().get(pk=person.pk)
        if person.is_active != active:
            before = person.is_active
            person.is_active = active
            person.save(update_fields=["is_active"])
            audit_record(
                actor=actor,
                agency=agency,
                verb="person.set_active",
                obj=person,
                changes={"is_active": [before, active]},
            )
        return person


def person_join(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    full_name: str,
    password: str,
    role: str,
    start: dt.date,
    email: str = "",
    position: str = "",
) -> Membership:
    """A new account with its first role, in one transaction (both or neither)."""
    with transaction.atomic():
        require(actor, "core.add_membership", agency)
        try:
            validate_password(password, User(username=username, full_name=full_name, email=email))
        except ValidationError as exc:
            messages = [str(m) for m in exc.messages]
            raise DomainError("weak_password", messages[0], fields={"password": messages}) from exc
        if User.objects.filter(username=username.strip()).exists():
            message = _("This username is taken.")
            raise DomainError("invalid", message, fields={"username": [message]})
        person = person_create(
            actor=actor,
            agency=agency,
            username=username,
            full_name=full_name,
            email=email,
            password=password,
        )
        return membership_add(
            actor=actor, person=person, agency=agency, role=role, start=start, position=position
        )


def person_unlock(*, actor: User | None, person: User, agency: Agency) -> User:
    """Lift a lockout after failed logins."""
    with transaction.atomic():
        require(actor, "core.change_membership", agency)
        person = User.objects.select_for_update().get(pk=person.pk)
        if person.locked_until or person.failed_logins:
            audit_record(
                actor=actor,
                agency=agency,
                verb="person.unlock",
                obj=person,
                changes={"locked_until": [person.locked_until, None]},
            )
            person.locked_until, person.failed_logins = None, 0
            person.save(update_fields=["locked_until", "failed_logins"])
        return person


MEMBERSHIP_FIELDS = ["person_id", "agency_id", "role", "position", "start", "end", "basis"]


def membership_add(
    *,
    actor: User | None,
    person: User,
    agency: Agency,
    role: str,
    start: dt.date,
    end: dt.date | None = None,
    position: str = "",
    basis: str = "",
) -> Membership:
    """Give ``person`` a role in ``agency`` from ``start`` to ``end`` (inclusive)."""
    with transaction.atomic():
        require(actor, "core.add_membership", agency)
        membership = Membership(
            person=person,
            agency=agency,
            role=role,
            start=start,
            end=end,
            position=position.strip(),
            basis=basis.strip(),
        )
        if end is not None and start is not None and end < start:
            message = _("A membership cannot end before it starts.")
            raise DomainError("membership_end_before_start", message, fields={"end": [message]})
        _validate(membership)
        _check_placement(membership)
        _check_overlaps(membership)
        membership.save()
        audit_record(
            actor=actor,
            agency=agency,
            verb="membership.add",
            obj=membership,
            changes=as_created(snapshot(membership, MEMBERSHIP_FIELDS)),
        )
        return membership


# Where each role may be held. A role covers the subtree of the unit where it is held, so a
# head is the head of a department, commune, city or subordinate unit, never of a division.
ORGANISATION_LEVEL: set[str] = {
    AgencyKind.CITY,
    AgencyKind.DEPARTMENT,
    AgencyKind.COMMUNE,
    AgencyKind.SUBUNIT,
}
WORKPLACES: set[str] = {
    AgencyKind.CITY,
    AgencyKind.DEPARTMENT,
    AgencyKind.COMMUNE,
    AgencyKind.SUBUNIT,
    AgencyKind.DIVISION,
    AgencyKind.OTHER,
}
ROLE_PLACES: dict[str, set[str]] = {
    Role.STEERING_MEMBER: {AgencyKind.COMMITTEE},
    Role.HEAD: ORGANISATION_LEVEL | {AgencyKind.COMMITTEE},
    Role.DEPUTY_HEAD: ORGANISATION_LEVEL | {AgencyKind.COMMITTEE},
    Role.DIVISION_HEAD: {AgencyKind.DIVISION, AgencyKind.OTHER},
    Role.UNION_EXECUTIVE: ORGANISATION_LEVEL,
    Role.BOARD_MEMBER: ORGANISATION_LEVEL,
    Role.SYSADMIN: ORGANISATION_LEVEL,
    Role.STAFF: WORKPLACES,
    Role.ONESTOP_OFFICER: WORKPLACES,
    Role.HANDLING_OFFICER: WORKPLACES,
    Role.PETITIONS_OFFICER: WORKPLACES,
}
# The head, deputy heads (and chief accountant) cannot sit on the People's Inspection Board
# (Law 10/2022 Art. 60; Decree 59/2023).
INCOMPATIBLE: dict[str, set[str]] = {
    Role.BOARD_MEMBER: {Role.HEAD, Role.DEPUTY_HEAD},
    Role.HEAD: {Role.BOARD_MEMBER},
    Role.DEPUTY_HEAD: {Role.BOARD_MEMBER},
}


def _check_placement(membership: Membership) -> None:
    places = ROLE_PLACES.get(membership.role, set())
    if membership.agency.kind not in places:
        message = _("The role “%(role)s” cannot be held in a unit of kind “%(kind)s”.") % {
            "role": Role(membership.role).label,
            "kind": AgencyKind(membership.agency.kind).label,
        }
        raise DomainError("role_misplaced", message, fields={"role": [message]})


def _overlapping(membership: Membership) -> Q:
    q = Q(person=membership.person) & (Q(end__isnull=True) | Q(end__gte=membership.start))
    if membership.end is not None:
        q &= Q(start__lte=membership.end)
    return q


def _check_overlaps(membership: Membership) -> None:
    same = Membership.objects.filter(
        _overlapping(membership), agency=membership.agency, role=membership.role
    )
    if same.exists():
        message = _("This person already holds this role in this unit for part of that period.")
        raise DomainError("duplicate_membership", message, fields={"role": [message]})
    barred = INCOMPATIBLE.get(membership.role)
    if barred:
        org = membership.agency.organisation or membership.agency
        clash = (
            Membership.objects.filter(
                _overlapping(membership), role__in=barred, agency__path__startswith=org.path
            )
            .select_related("agency")
            .first()
        )
        if clash is not None:
            message = _(
                "A person who is “%(other)s” cannot also be “%(role)s” (Law 10/2022, Art. 60)."
            ) % {"other": Role(clash.role).label, "role": Role(membership.role).label}
            raise DomainError("role_incompatible", message, fields={"role": [message]})


def membership_end(*, actor: User | None, membership: Membership, end: dt.date) -> Membership:
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("agency").get(pk=membership.pk)
        )
        require(actor, "core.change_membership", membership)
        if end < membership.start:
            message = _("A membership cannot end before it starts.")
            raise DomainError("membership_end_before_start", message, fields={"end": [message]})
        if membership.end is not None and membership.end < timezone.localdate():
            message = _("This role has already ended.")
            raise DomainError("membership_already_ended", message, fields={"end": [message]})
        if membership.end is not None and end > membership.end:
            message = _("A role can be ended earlier, not extended: add a new one instead.")
            raise DomainError("membership_extended", message, fields={"end": [message]})
        before = membership.end
        membership.end = end
        membership.save(update_fields=["end"])
        audit_record(
            actor=actor,
            agency=membership.agency,
            verb="membership.end",
            obj=membership,
            changes={"end": [before, end]},
        )
        return membership
