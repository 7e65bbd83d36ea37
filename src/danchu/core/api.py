"""API of the core app: organisation, people, calendar, rules in force, audit, tokens."""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import CursorPagination, paginate

from danchu.core import selectors, services
from danchu.core.calendar import check_date, national_days
from danchu.core.clocks import Pause
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.core.models import Agency, ApiToken, ClockRule, Membership, User

router = Router(tags=["core"])


def api_actor(request: HttpRequest) -> User:
    """The person an API request acts for (session or token), for every app's router."""
    user = request.auth  # type: ignore[attr-defined]  # set by ninja's authentication
    assert isinstance(user, User)
    return user


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorBody


ERRORS: dict[int | tuple[int, ...], Any] = {(400, 401, 403, 404): ErrorOut}

# An object's id in a list of ids sent to the API: positive and within the database's 64-bit
# integers. A list goes into ``pk__in``, where SQLite refuses a larger number (a server error)
# instead of finding nothing.
Id = Annotated[int, Field(gt=0, lt=2**63)]


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    organisation_id: int | None
    depth: int
    is_active: bool


class MembershipOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.full_name")
    agency_id: int
    role: str
    position: str
    start: dt.date
    end: dt.date | None
    basis: str


class PersonOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    is_active: bool


class MeOut(PersonOut):
    roles: list[str]


class MembershipIn(Schema):
    person_id: int
    role: str
    start: dt.date
    end: dt.date | None = None
    position: str = ""
    basis: str = ""


class MembershipEndIn(Schema):
    end: dt.date


class CalendarDayIn(Schema):
    day: dt.date
    kind: str
    decision: str
    note: str = ""


class CalendarDayOut(Schema):
    id: int
    agency_id: int
    day: dt.date
    kind: str
    decision: str
    note: str


class WorkdayOut(Schema):
    day: dt.date
    name: str
    kind: str


class WorkdaysAddOut(Schema):
    start: dt.date
    days: int
    result: dt.date


class WorkdaysBetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int


class ClockRuleOut(Schema):
    id: int
    code: str
    applies_to: str
    length: int
    unit: str
    start_event: str
    pausable: bool
    max_extensions: int
    extension_length: int
    legal_basis: str
    article: str
    effective_from: dt.date
    effective_to: dt.date | None
    agency_id: int | None


class ClockRuleIn(Schema):
    code: str
    length: int
    unit: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    max_extensions: int = 0
    extension_length: int = 0
    legal_basis: str
    article: str = ""


class PauseIn(Schema):
    stopped_on: dt.date
    resumed_on: dt.date | None = None


class DeadlineIn(Schema):
    code: str
    unit_id: int | None = None
    started_on: dt.date
    pauses: list[PauseIn] = []
    extensions: int = 0


class DeadlineOut(Schema):
    rule: ClockRuleOut
    deadline: dt.date | None


class AuditEventOut(Schema):
    id: int
    chain: str
    position: int
    at: dt.datetime
    actor_id: int | None
    actor_label: str
    agency_id: int | None
    verb: str
    object_type: str
    object_id: str
    object_label: str
    changes: dict[str, Any]
    request_id: str
    hash: str


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreatedOut(TokenOut):
    secret: str


class AuditFilter(Schema):
    unit_id: int | None = None
    actor_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def _unit(request: HttpRequest, pk: int) -> Agency:
    return selectors.agency_get(actor=api_actor(request), pk=pk)


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> dict[str, Any]:
    actor = api_actor(request)
    summary = selectors.home_summary(actor=actor)
    return {**PersonOut.from_orm(actor).dict(), "roles": summary["roles"]}


@router.get("/units", response={200: list[AgencyOut], **ERRORS})
@paginate(CursorPagination, ordering=("path", "id"))
def unit_list(request: HttpRequest, kind: str | None = None) -> Any:
    return selectors.agency_list(actor=api_actor(request), kind=kind)


@router.get("/units/{unit_id}", response={200: AgencyOut, **ERRORS})
def unit_get(request: HttpRequest, unit_id: int) -> Agency:
    return _unit(request, unit_id)


@router.get("/units/{unit_id}/memberships", response={200: list[MembershipOut], **ERRORS})
@paginate(CursorPagination, ordering=("id",))
def unit_memberships(request: HttpRequest, unit_id: int) -> Any:
    unit = _unit(request, unit_id)
    return selectors.membership_list(actor=api_actor(request), agency=unit)


@router.post("/units/{unit_id}/memberships", response={201: MembershipOut, **ERRORS})
def membership_add(request: HttpRequest, unit_id: int, payload: MembershipIn) -> Any:
    actor = api_actor(request)
    unit = _unit(request, unit_id)
    person = selectors.person_list(actor=actor).filter(pk=payload.person_id).first()
    if person is None:
        raise DomainError("invalid", _person_missing(), fields={"person_id": [_person_missing()]})
    membership = services.membership_add(
        actor=actor,
        person=person,
        agency=unit,
        role=payload.role,
        start=payload.start,
        end=payload.end,
        position=payload.position,
        basis=payload.basis,
    )
    return Status(201, membership)


def _person_missing() -> str:
    return _("No such person in your organisations.")


@router.post("/memberships/{membership_id}/end", response={200: MembershipOut, **ERRORS})
def membership_end(
    request: HttpRequest, membership_id: int, payload: MembershipEndIn
) -> Membership:
    actor = api_actor(request)
    membership = selectors.membership_list(actor=actor).filter(pk=membership_id).first()
    if membership is None:
        raise NotFound()
    return services.membership_end(actor=actor, membership=membership, end=payload.end)


@router.get("/units/{unit_id}/calendar", response={200: list[CalendarDayOut], **ERRORS})
def unit_calendar(request: HttpRequest, unit_id: int) -> Any:
    unit = _unit(request, unit_id)
    return list(selectors.calendar_day_list(actor=api_actor(request), agency=unit))


@router.post("/units/{unit_id}/calendar", response={201: CalendarDayOut, **ERRORS})
def unit_calendar_add(request: HttpRequest, unit_id: int, payload: CalendarDayIn) -> Any:
    unit = _unit(request, unit_id)
    entry = services.calendar_day_add(
        actor=api_actor(request),
        agency=unit,
        day=payload.day,
        kind=payload.kind,
        decision=payload.decision,
        note=payload.note,
    )
    return Status(201, entry)


@router.post("/units/{unit_id}/rules", response={201: ClockRuleOut, **ERRORS})
def unit_rule_add(request: HttpRequest, unit_id: int, payload: ClockRuleIn) -> Any:
    unit = _unit(request, unit_id)
    rule = services.clock_rule_add(actor=api_actor(request), agency=unit, **payload.dict())
    return Status(201, rule)


@router.get("/people", response={200: list[PersonOut], **ERRORS})
@paginate(CursorPagination, ordering=("id",))
def person_list(request: HttpRequest, q: str = "", unit_id: int | None = None) -> Any:
    actor = api_actor(request)
    unit = _unit(request, unit_id) if unit_id is not None else None
    return selectors.person_list(actor=actor, agency=unit, query=q).order_by("id")


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS})
def person_get(request: HttpRequest, person_id: int) -> User:
    return selectors.person_get(actor=api_actor(request), pk=person_id)


@router.get("/people/{person_id}/memberships", response={200: list[MembershipOut], **ERRORS})
def person_memberships(request: HttpRequest, person_id: int) -> Any:
    actor = api_actor(request)
    person = selectors.person_get(actor=actor, pk=person_id)
    return list(selectors.membership_list(actor=actor, person=person))


@router.get("/workdays/add", response={200: WorkdaysAddOut, **ERRORS})
def workdays_add(
    request: HttpRequest, start: dt.date, days: int, unit_id: int | None = None
) -> dict[str, Any]:
    unit = _unit(request, unit_id) if unit_id is not None else None
    result = selectors.agency_calendar(unit).add_working_days(
        check_date(start, field="start"), days
    )
    return {"start": start, "days": days, "result": result}


@router.get("/workdays/between", response={200: WorkdaysBetweenOut, **ERRORS})
def workdays_between(
    request: HttpRequest, start: dt.date, end: dt.date, unit_id: int | None = None
) -> dict[str, Any]:
    unit = _unit(request, unit_id) if unit_id is not None else None
    count = selectors.agency_calendar(unit).working_days_between(start, end)
    return {"start": start, "end": end, "working_days": count}


@router.get("/workdays/{year}", response={200: list[WorkdayOut], **ERRORS})
def workdays_year(request: HttpRequest, year: int) -> Any:
    check_date(dt.date(min(max(year, 1), 9999), 1, 1), field="year")
    return national_days(year)


@router.get("/rules", response={200: list[ClockRuleOut], **ERRORS})
def rule_list(request: HttpRequest, unit_id: int | None = None) -> list[ClockRule]:
    unit = _unit(request, unit_id) if unit_id is not None else None
    return list(selectors.clock_rule_list(actor=api_actor(request), agency=unit))


@router.post("/clocks/deadline", response={200: DeadlineOut, **ERRORS})
def clock_deadline(request: HttpRequest, payload: DeadlineIn) -> dict[str, Any]:
    unit = _unit(request, payload.unit_id) if payload.unit_id is not None else None
    rule = selectors.clock_rule_in_force(code=payload.code, agency=unit, on=payload.started_on)
    deadline = selectors.clock_deadline(
        code=payload.code,
        agency=unit,
        started_on=payload.started_on,
        pauses=[Pause(p.stopped_on, p.resumed_on) for p in payload.pauses],
        extensions=payload.extensions,
    )
    return {"rule": rule, "deadline": deadline}


@router.get("/audit", response={200: list[AuditEventOut], **ERRORS})
@paginate(CursorPagination, ordering=("-id",))
def audit_list(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    actor = api_actor(request)
    if not selectors.can_view_audit(actor=actor):
        raise Forbidden()
    unit = _unit(request, filters.unit_id) if filters.unit_id is not None else None
    events: Any = selectors.audit_event_list(
        actor=actor,
        agency=unit,
        actor_id=filters.actor_id,
        object_type=filters.object_type,
        object_id=filters.object_id,
        since=filters.since,
        until=filters.until,
    )
    return events


@router.get("/tokens", response={200: list[TokenOut], **ERRORS})
def token_list(request: HttpRequest) -> list[ApiToken]:
    return list(selectors.api_token_list(actor=api_actor(request)))


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS})
def token_create(request: HttpRequest, payload: TokenIn) -> Any:
    token, secret = services.api_token_create(actor=api_actor(request), name=payload.name)
    return Status(201, {**TokenOut.from_orm(token).dict(), "secret": secret})


@router.delete("/tokens/{token_id}", response={200: TokenOut, **ERRORS})
def token_revoke(request: HttpRequest, token_id: int) -> ApiToken:
    actor = api_actor(request)
    token = selectors.api_token_list(actor=actor).filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    return services.api_token_revoke(actor=actor, token=token)
