"""Reads of the core app. Every query for agency data is scoped to the acting person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.calendar import WorkingCalendar, calendar_with
from danchu.core.clocks import Pause, compute_deadline
from danchu.core.errors import DomainError, NotFound
from danchu.core.models import (
    Agency,
    AgencyCalendarDay,
    ApiToken,
    AuditEvent,
    CalendarDayKind,
    ClockRule,
    Membership,
    Role,
    User,
)
from danchu.core.scope import scope_for
from danchu.core.text import fold


def agency_list(*, actor: User, kind: str | None = None, query: str = "") -> QuerySet[Agency]:
    qs = Agency.objects.filter(scope_for(actor).read_q()).select_related("parent")
    if kind:
        qs = qs.filter(kind=kind)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def agency_get(*, actor: User, pk: int) -> Agency:
    """The unit, or NotFound when it does not exist or lies outside the person's scope."""
    agency = agency_list(actor=actor).filter(pk=pk).first()
    if agency is None:
        raise NotFound(_("Unit not found."))
    return agency


def agency_heads(*, agencies: list[Agency]) -> dict[int, list[User]]:
    """Who leads each unit (its head, or a division's head), in one query."""
    result: dict[int, list[User]] = {a.pk: [] for a in agencies}
    rows = (
        Membership.objects.active()
        .filter(agency__in=agencies, role__in=[Role.HEAD, Role.DIVISION_HEAD])
        .select_related("person")
        .order_by("person__full_name")
    )
    for m in rows:
        result[m.agency_id].append(m.person)
    return result


def public_organisation_list() -> QuerySet[Agency]:
    """The departments and communes of every city: public information for the landing page."""
    return (
        Agency.objects.filter(kind__in=["department", "commune"], is_active=True)
        .select_related("parent")
        .order_by("path")
    )


def organisation_list(*, actor: User) -> QuerySet[Agency]:
    """Departments, communes and other organisations the person can read."""
    return agency_list(actor=actor).filter(kind__in=["department", "commune"])


def first_organisation(*, actor: User, perm: str) -> Agency | None:
    """The first organisation (department, commune) where the person holds ``perm``: where an
    app's menu entry leads them."""
    for organisation in organisation_list(actor=actor):
        if actor.has_perm(perm, organisation):
            return organisation
    return None


def _visible_people(actor: User) -> QuerySet[User]:
    scope = scope_for(actor)
    in_scope = Membership.objects.filter(person=OuterRef("pk")).filter(scope.read_q("agency__"))
    return User.objects.filter(Exists(in_scope))


def person_list(*, actor: User, agency: Agency | None = None, query: str = "") -> QuerySet[User]:
    qs = _visible_people(actor)
    if agency is not None:
        qs = qs.filter(
            Exists(
                Membership.objects.active().filter(
                    person=OuterRef("pk"), agency__path__startswith=agency.path
                )
            )
        )
    if query:
        for word in fold(query).split():
            qs = qs.filter(search_text__contains=word)
    active = Membership.objects.active().select_related("agency").order_by("agency__path")
    return qs.order_by("sort_key", "pk").prefetch_related(
        Prefetch("memberships", queryset=active, to_attr="active_memberships")
    )


def person_get(*, actor: User, pk: int) -> User:
    person = _visible_people(actor).filter(pk=pk).first()
    if person is None:
        raise NotFound(_("Person not found."))
    return person


def person_admin_unit(*, actor: User, person: User) -> Agency | None:
    """A unit of the person's where the actor administers people, if any."""
    for m in Membership.objects.filter(person=person).select_related("agency").order_by("-start"):
        if actor.has_perm("core.change_membership", m.agency):
            return m.agency
    return None


def membership_list(
    *, actor: User, person: User | None = None, agency: Agency | None = None
) -> QuerySet[Membership]:
    qs = Membership.objects.filter(scope_for(actor).read_q("agency__")).select_related(
        "agency", "person"
    )
    if person is not None:
        qs = qs.filter(person=person)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("-start", "pk")


def agency_calendars(agencies: Sequence[Agency]) -> dict[int, WorkingCalendar]:
    """Each unit's calendar: the national one plus the days the unit and its ancestors added,
    in one query for all of them."""
    paths = {p for a in agencies for p in a.ancestors_and_self_paths()}
    rows = list(
        AgencyCalendarDay.objects.filter(agency__path__in=paths).values_list(
            "day", "kind", "agency__path", "agency__depth"
        )
    )
    result: dict[int, WorkingCalendar] = {}
    for agency in agencies:
        mine = set(agency.ancestors_and_self_paths())
        # A unit's own decision wins over its parent's for the same day.
        chosen: dict[dt.date, tuple[int, str]] = {}
        for day, kind, path, depth in rows:
            if path in mine and (day not in chosen or depth > chosen[day][0]):
                chosen[day] = (depth, kind)
        result[agency.pk] = calendar_with(
            extra_off=[d for d, (_depth, k) in chosen.items() if k == CalendarDayKind.DAY_OFF],
            extra_work=[d for d, (_depth, k) in chosen.items() if k == CalendarDayKind.WORKING_DAY],
        )
    return result


def agency_calendar(agency: Agency | None) -> WorkingCalendar:
    """The national calendar plus the days the unit and its ancestors added (one query)."""
    if agency is None:
        return calendar_with(extra_off=(), extra_work=())
    return agency_calendars([agency])[agency.pk]


def calendar_day_list(*, actor: User, agency: Agency) -> QuerySet[AgencyCalendarDay]:
    if not scope_for(actor).can_read_path(agency.path):
        raise NotFound(_("Unit not found."))
    return AgencyCalendarDay.objects.filter(agency=agency).order_by("day")


def calendar_day_get(*, actor: User, pk: int) -> AgencyCalendarDay:
    entry = (
        AgencyCalendarDay.objects.filter(scope_for(actor).read_q("agency__"))
        .select_related("agency")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise NotFound(_("Calendar day not found."))
    return entry


def clock_rule_in_force(*, code: str, agency: Agency | None, on: dt.date) -> ClockRule:
    """The rule governing a clock that starts on ``on``: the deepest agency's own stricter rule
    in force that day, else the statute in force that day."""
    in_force = Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gte=on))
    paths = agency.ancestors_and_self_paths() if agency is not None else []
    candidates = list(
        ClockRule.objects.filter(in_force, code=code)
        .filter(Q(agency__isnull=True) | Q(agency__path__in=paths))
        .select_related("agency")
    )
    if not candidates:
        raise DomainError(
            "no_rule_in_force",
            _("No rule “%(code)s” is in force on %(day)s.")
            % {"code": code, "day": on.strftime("%d/%m/%Y")},
        )
    return _deepest(candidates)


def _deepest(candidates: Sequence[ClockRule]) -> ClockRule:
    """The deepest agency's own rule, else the statute (an agency's rule is only stricter)."""
    return max(candidates, key=lambda r: (r.agency.depth + 1) if r.agency else 0)


def clock_rule_list(*, actor: User, agency: Agency | None = None) -> QuerySet[ClockRule]:
    scope = scope_for(actor)
    qs = ClockRule.objects.filter(Q(agency__isnull=True) | scope.read_q("agency__"))
    if agency is not None:
        qs = qs.filter(Q(agency__isnull=True) | Q(agency=agency))
    return qs.select_related("agency").order_by("code", "agency__path", "effective_from")


def clock_deadline(
    *,
    code: str,
    agency: Agency | None,
    started_on: dt.date,
    pauses: list[Pause] | None = None,
    extensions: int = 0,
    length: int | None = None,
) -> dt.date | None:
    """The deadline of a clock under the rule in force on its start day and the unit's calendar.

    ``length`` is given for a clock whose length is set per case (a procedure's deadline)."""
    rule = clock_rule_in_force(code=code, agency=agency, on=started_on)
    return compute_deadline(
        rule=rule,
        calendar=agency_calendar(agency),
        started_on=started_on,
        pauses=pauses or [],
        extensions=extensions,
        length=length,
    )


def clock_deadlines(
    *, code: str, starts: Sequence[tuple[Agency, dt.date]]
) -> dict[tuple[int, dt.date], dt.date]:
    """``clock_deadline`` for many (unit, start day) pairs in two queries, for figures over
    many units; a pair with no rule in force that day (or a paused clock) is left out."""
    agencies = list({a.pk: a for a, _on in starts}.values())
    paths = {p for a in agencies for p in a.ancestors_and_self_paths()}
    rules = list(
        ClockRule.objects.filter(code=code)
        .filter(Q(agency__isnull=True) | Q(agency__path__in=paths))
        .select_related("agency")
    )
    calendars = agency_calendars(agencies)
    result: dict[tuple[int, dt.date], dt.date] = {}
    for agency, on in starts:
        mine = set(agency.ancestors_and_self_paths())
        candidates = [
            r for r in rules if r.in_force_on(on) and (r.agency is None or r.agency.path in mine)
        ]
        if not candidates:
            continue
        due = compute_deadline(
            rule=_deepest(candidates), calendar=calendars[agency.pk], started_on=on
        )
        if due is not None:
            result[(agency.pk, on)] = due
    return result


def can_view_audit(*, actor: User) -> bool:
    anchors = _audit_anchors(actor)
    return anchors is None or bool(anchors)


def _audit_anchors(actor: User) -> list[str] | None:
    """Organisation paths whose audit log the person reads; None means everything."""
    scope = scope_for(actor)
    if scope.is_superuser:
        return None
    return sorted(
        {g.org_path for g in scope.grants if g.role in (Role.SYSADMIN, Role.BOARD_MEMBER)}
    )


def audit_unit_list(*, actor: User) -> QuerySet[Agency]:
    anchors = _audit_anchors(actor)
    qs = Agency.objects.order_by("path")
    if anchors is None:
        return qs
    q = Q(pk__in=[])
    for path in anchors:
        q |= Q(path__startswith=path)
    return qs.filter(q)


def audit_event_list(
    *,
    actor: User,
    agency: Agency | None = None,
    actor_id: int | None = None,
    object_type: str = "",
    object_id: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events of the units where the person is an administrator or inspection-board member."""
    qs = AuditEvent.objects.select_related("agency", "actor")
    anchors = _audit_anchors(actor)
    if anchors is not None:
        if not anchors:
            return qs.none()
        q = Q()
        for path in anchors:
            q |= Q(agency__path__startswith=path)
        qs = qs.filter(q)
    if agency is not None:
        qs = qs.filter(agency__path__startswith=agency.path)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    tz = timezone.get_current_timezone()
    if since is not None:
        qs = qs.filter(at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=tz))
    if until is not None:
        qs = qs.filter(
            at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        )
    return qs.order_by("-at", "-id")


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(owner=actor).order_by("-created_at")


def home_summary(*, actor: User) -> dict[str, object]:
    scope = scope_for(actor)
    return {
        "roles": sorted({g.role for g in scope.grants}),
        "memberships": list(
            Membership.objects.active().filter(person=actor).select_related("agency")
        ),
        "organisations": list(organisation_list(actor=actor)),
    }
