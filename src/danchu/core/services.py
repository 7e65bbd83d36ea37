"""Writes of the core app. Each service checks permission, validates, changes state and appends
its audit event in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import as_created, audit_record, diff
from danchu.core.calendar import check_date
from danchu.core.clocks import looser_field
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import (
    ORGANISATION_KINDS,
    Agency,
    AgencyCalendarDay,
    AgencyKind,
    ApiToken,
    CalendarDayKind,
    ClockBound,
    ClockRule,
    Membership,
    Role,
    User,
)
from danchu.core.scope import scope_for
from danchu.core.selectors import agency_calendar, clock_rule_in_force

PATH_WIDTH = 6


def require(actor: User | None, perm: str, obj: Model) -> None:
    """NotFound when the object is outside what the person may read, Forbidden when it is
    readable but the action is not theirs. ``actor=None`` is the system (CLI, demo, jobs)."""
    if actor is None:
        return
    path = (
        obj.path if isinstance(obj, Agency) else getattr(getattr(obj, "agency", None), "path", "")
    )
    if path and not scope_for(actor).can_read_path(path):
        raise NotFound()
    if not actor.has_perm(perm, obj):
        raise Forbidden()


def _validate(instance: Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise DomainError.from_validation_error(exc) from exc


def snapshot(instance: Model, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(instance, f) for f in fields}


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


def password_changed(*, actor: User) -> None:
    """Record that a person changed their own password (the form has saved it)."""
    from danchu.core.auth import home_unit

    with transaction.atomic():
        audit_record(
            actor=actor, agency=home_unit(actor), verb="person.set_password", obj=actor, changes={}
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


# --- Calendar and rules ------------------------------------------------------------------------


def calendar_day_add(
    *, actor: User | None, agency: Agency, day: dt.date, kind: str, decision: str, note: str = ""
) -> AgencyCalendarDay:
    """Add a day off or a working day to the unit's calendar by the decision that set it."""
    with transaction.atomic():
        require(actor, "core.change_calendar", agency)
        check_date(day, field="day")
        entry = AgencyCalendarDay(
            agency=agency, day=day, kind=kind, decision=decision.strip(), note=note.strip()
        )
        # Compared with the calendar the unit inherits (the nation's and its parents' days).
        inherited = agency_calendar(agency.parent).is_working_day(day)
        if (kind == CalendarDayKind.DAY_OFF) != inherited:
            message = (
                _("%(day)s is already a day off for this unit.")
                if kind == CalendarDayKind.DAY_OFF
                else _("%(day)s is already a working day for this unit.")
            ) % {"day": day.strftime("%d/%m/%Y")}
            raise DomainError("redundant_day", message, fields={"day": [message]})
        if AgencyCalendarDay.objects.filter(agency=agency, day=day).exists():
            raise DomainError(
                "duplicate_day",
                _("This day is already in the unit's calendar."),
                fields={"day": [_("Already set.")]},
            )
        _validate(entry)
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as exc:
            raise DomainError(
                "duplicate_day",
                _("This day is already in the unit's calendar."),
                fields={"day": [_("Already set.")]},
            ) from exc
        audit_record(
            actor=actor,
            agency=agency,
            verb="calendar.add",
            obj=entry,
            changes={"day": [None, day], "kind": [None, kind], "decision": [None, entry.decision]},
        )
        return entry


def calendar_day_remove(*, actor: User | None, entry: AgencyCalendarDay) -> None:
    """Remove a day the unit added (a decision revoked)."""
    with transaction.atomic():
        entry = (
            AgencyCalendarDay.objects.select_for_update().select_related("agency").get(pk=entry.pk)
        )
        require(actor, "core.change_calendar", entry.agency)
        audit_record(
            actor=actor,
            agency=entry.agency,
            verb="calendar.remove",
            obj=entry,
            changes={"day": [entry.day, None], "kind": [entry.kind, None]},
        )
        entry.delete()


CLOCK_RULE_FIELDS = [
    "code",
    "applies_to",
    "length",
    "unit",
    "start_event",
    "pausable",
    "max_extensions",
    "extension_length",
    "legal_basis",
    "article",
    "effective_from",
    "effective_to",
    "agency_id",
]


def clock_rule_add(
    *,
    actor: User | None,
    agency: Agency,
    code: str,
    length: int,
    unit: str,
    effective_from: dt.date,
    legal_basis: str,
    effective_to: dt.date | None = None,
    max_extensions: int = 0,
    extension_length: int = 0,
    article: str = "",
) -> ClockRule:
    """An agency's own rule for a clock; refused unless stricter than the statute in force."""
    with transaction.atomic():
        require(actor, "core.add_clockrule", agency)
        if length is None or length <= 0:
            raise DomainError(
                "invalid",
                _("The length must be a positive number."),
                fields={"length": [_("Must be greater than 0.")]},
            )
        if effective_to is not None and effective_to < effective_from:
            message = _("The end of the rule's effect cannot be before its start.")
            raise DomainError("invalid", message, fields={"effective_to": [message]})
        statute = clock_rule_in_force(code=code, agency=None, on=effective_from)
        if statute.length == 0:
            raise DomainError(
                "rule_length_per_case",
                _("This clock's length is set case by case; it has no agency rule."),
                fields={"code": [_("Choose another clock.")]},
            )
        rule = ClockRule(
            code=code,
            applies_to=statute.applies_to,
            length=length,
            unit=unit,
            start_event=statute.start_event,
            pausable=statute.pausable,
            restarts_after_pause=statute.restarts_after_pause,
            bound=statute.bound,
            max_extensions=max_extensions,
            extension_length=extension_length,
            legal_basis=legal_basis.strip(),
            article=article.strip(),
            effective_from=effective_from,
            effective_to=effective_to,
            agency=agency,
        )
        _validate(rule)
        if statute.effective_to is not None and (
            effective_to is None or effective_to > statute.effective_to
        ):
            # A later statute may be stricter than this rule: the rule must end with the statute.
            rule.effective_to = statute.effective_to
        field = looser_field(rule, statute)
        if field is not None:
            extensions = (
                _(", extendable %(n)d time(s) by %(len)d")
                % {"n": statute.max_extensions, "len": statute.extension_length}
                if statute.max_extensions
                else ""
            )
            template = (
                _(
                    "A unit may only make a rule stricter: the statute gives at least "
                    "%(length)d %(unit)s (%(basis)s)."
                )
                if statute.bound == ClockBound.MINIMUM
                else _(
                    "A unit may only make a rule stricter: the statute allows at most "
                    "%(length)d %(unit)s%(extensions)s (%(basis)s)."
                )
            )
            message = template % {
                "length": statute.length,
                "unit": statute.get_unit_display(),
                "extensions": extensions,
                "basis": statute.legal_basis,
            }
            raise DomainError("rule_looser_than_statute", message, fields={field: [message]})
        rule.save()
        audit_record(
            actor=actor,
            agency=agency,
            verb="clock_rule.add",
            obj=rule,
            changes=as_created(snapshot(rule, CLOCK_RULE_FIELDS)),
        )
        return rule


# --- API tokens --------------------------------------------------------------------------------

TOKEN_PREFIX = "dch_"  # noqa: S105 - a visible prefix, not a secret


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token; the secret is returned once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise DomainError(
            "invalid", _("Give the token a name."), fields={"name": [_("This field is required.")]}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken(
            owner=actor, name=name[:80], prefix=secret[:12], token_hash=token_hash(secret)
        )
        token.save()
        audit_record(
            actor=actor,
            agency=None,
            verb="api_token.create",
            obj=token,
            changes={"name": [None, token.name]},
        )
    return token, secret


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.owner_id != actor.pk:
            raise NotFound()
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                agency=None,
                verb="api_token.revoke",
                obj=token,
                changes={"revoked_at": [None, token.revoked_at]},
            )
        return token
