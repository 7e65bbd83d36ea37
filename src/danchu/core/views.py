"""Pages of the core app: parse, call a selector or a service, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from danchu.core import attention, selectors, services
from danchu.core.calendar import WorkingCalendar, national_days
from danchu.core.errors import DomainError, NotFound
from danchu.core.forms import (
    AuditFilterForm,
    CalendarDayForm,
    ClockRuleForm,
    MembershipEndForm,
    MembershipForm,
    PersonCreateForm,
    TokenForm,
    UnitCreateForm,
    WorkdaysForm,
    apply_domain_error,
)
from danchu.core.models import Agency, AgencyKind, User

PAGE_SIZE = 25


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required guarantees it
    return user


def _agency_or_404(request: HttpRequest, pk: int) -> Agency:
    try:
        return selectors.agency_get(actor=_actor(request), pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _refuse(form: Any, exc: DomainError) -> None:
    """A service's refusal: not found and forbidden become 404 and 403 pages, anything else
    shows on the form."""
    if exc.status == 404:
        raise Http404(exc.message) from exc
    if exc.status == 403:
        raise PermissionDenied(exc.message) from exc
    apply_domain_error(form, exc)


def _submitted(form: Any, call: Callable[[dict[str, Any]], object]) -> bool:
    """Run a service on a valid form; True when it succeeded, else the form holds the errors."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        _refuse(form, exc)
        return False
    return True


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _render(
    request: HttpRequest, template: str, partial: str, context: dict[str, Any]
) -> HttpResponse:
    """A page and its htmx fragment render the same partial template."""
    is_htmx = bool(getattr(request, "htmx", False))  # set by django_htmx's middleware
    return render(request, partial if is_htmx else template, context)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/simple_form.html"
    extra_context = {"title": _lazy("Change your password")}
    http_method_names = ["get", "post"]  # FormView would accept PUT as a POST

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(actor=form.user)
        messages.success(self.request, _("Your password was changed."))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_success_url(self) -> str:
        return reverse("core:home")


@require_safe
def health(request: HttpRequest) -> HttpResponse:
    """The liveness probe for a proxy or an orchestrator: the process answers, nothing more
    (no database, no session). It is also the benchmarks' hello-world of this server."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        departments = selectors.public_organisation_list()
        return render(request, "core/landing.html", {"departments": departments})
    summary = selectors.home_summary(actor=_actor(request))
    heads = selectors.agency_heads(agencies=summary["organisations"])  # type: ignore[arg-type]
    context = {**summary, "heads": heads, "attention": attention.collect(_actor(request))}
    return render(request, "core/home.html", context)


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    units = selectors.agency_list(actor=_actor(request), query=query)
    page = _page(request, units)
    heads = selectors.agency_heads(agencies=list(page.object_list))
    return _render(
        request,
        "core/unit_list.html",
        "core/_unit_rows.html",
        {"page": page, "q": query, "heads": heads},
    )


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    unit = _agency_or_404(request, pk)
    members = _page(request, selectors.membership_list(actor=actor, agency=unit))
    context = {
        "unit": unit,
        "children": selectors.agency_list(actor=actor).filter(parent=unit),
        "members": members,
        "calendar_days": selectors.calendar_day_list(actor=actor, agency=unit),
        "rules": selectors.clock_rule_list(actor=actor).filter(agency=unit),
        "can_manage": actor.has_perm("core.add_membership", unit),
        "can_calendar": actor.has_perm("core.change_calendar", unit),
        "membership_form": MembershipForm(
            initial={"start": timezone.localdate()}, people=_people_choices(actor, unit)
        ),
        "person_form": PersonCreateForm(initial={"start": timezone.localdate()}),
        "unit_form": UnitCreateForm(),
        "today": timezone.localdate(),
        "calendar_form": CalendarDayForm(),
    }
    return render(request, "core/unit_detail.html", context)


def _people_choices(actor: User, unit: Agency) -> list[tuple[int, str]]:
    """The people of the unit's organisation, to give one of them a role."""
    org = unit.organisation or unit
    people = selectors.person_list(actor=actor, agency=org)
    return [(p.pk, f"{p.full_name} ({p.username})") for p in people]


@login_required
@require_POST
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    unit = _agency_or_404(request, pk)
    form = MembershipForm(request.POST, people=_people_choices(actor, unit))

    def add(data: dict[str, Any]) -> object:
        person = selectors.person_get(actor=actor, pk=data["person"])
        return services.membership_add(
            actor=actor,
            person=person,
            agency=unit,
            role=data["role"],
            start=data["start"],
            end=data["end"],
            position=data["position"],
            basis=data["basis"],
        )

    if _submitted(form, add):
        messages.success(request, _("The role was added."))
        return redirect("core:unit_detail", pk=unit.pk)
    return render(request, "core/membership_form.html", {"unit": unit, "form": form}, status=400)


@login_required
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    membership = selectors.membership_list(actor=actor).filter(pk=pk).first()
    if membership is None:
        raise Http404(_("Membership not found."))
    form = MembershipEndForm(request.POST)
    if _submitted(
        form, lambda d: services.membership_end(actor=actor, membership=membership, end=d["end"])
    ):
        messages.success(request, _("The role was ended."))
        return redirect("core:unit_detail", pk=membership.agency_id)
    context = {"membership": membership, "form": form}
    return render(request, "core/membership_end.html", context, status=400)


@login_required
@require_POST
def calendar_day_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    unit = _agency_or_404(request, pk)
    form = CalendarDayForm(request.POST)
    if _submitted(form, lambda d: services.calendar_day_add(actor=actor, agency=unit, **d)):
        messages.success(request, _("The day was added to the unit's calendar."))
        return redirect("core:unit_detail", pk=unit.pk)
    return render(request, "core/calendar_day_form.html", {"unit": unit, "form": form}, status=400)


@login_required
@require_POST
def calendar_day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    entry = selectors.calendar_day_get(actor=actor, pk=pk)
    services.calendar_day_remove(actor=actor, entry=entry)
    messages.success(request, _("The day was removed from the unit's calendar."))
    return redirect("core:unit_detail", pk=entry.agency_id)


@login_required
@require_POST
def person_join(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    unit = _agency_or_404(request, pk)
    form = PersonCreateForm(request.POST)
    if _submitted(form, lambda d: services.person_join(actor=actor, agency=unit, **d)):
        messages.success(request, _("The account was created with its role."))
        return redirect("core:unit_detail", pk=unit.pk)
    return render(
        request,
        "core/simple_form.html",
        {"form": form, "title": _("Add a person"), "action": request.path, "unit": unit},
        status=400,
    )


@login_required
@require_POST
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    parent = _agency_or_404(request, pk)
    form = UnitCreateForm(request.POST)
    created: list[Agency] = []
    if _submitted(
        form, lambda d: created.append(services.agency_create(actor=actor, parent=parent, **d))
    ):
        messages.success(request, _("The unit was created."))
        return redirect("core:unit_detail", pk=created[0].pk)
    return render(
        request,
        "core/simple_form.html",
        {"form": form, "title": _("Add a unit under it"), "action": request.path, "unit": parent},
        status=400,
    )


def _administered(request: HttpRequest, pk: int) -> tuple[User, Agency]:
    actor = _actor(request)
    person = selectors.person_get(actor=actor, pk=pk)
    unit = selectors.person_admin_unit(actor=actor, person=person)
    if unit is None:
        raise PermissionDenied
    return person, unit


@login_required
@require_POST
def person_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    person, unit = _administered(request, pk)
    active = request.POST.get("active") == "1"
    services.person_set_active(actor=_actor(request), person=person, agency=unit, active=active)
    messages.success(
        request, _("The account was enabled.") if active else _("The account was disabled.")
    )
    return redirect("core:person_detail", pk=person.pk)


@login_required
@require_POST
def person_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    person, unit = _administered(request, pk)
    services.person_unlock(actor=_actor(request), person=person, agency=unit)
    messages.success(request, _("The account was unlocked."))
    return redirect("core:person_detail", pk=person.pk)


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = _page(request, selectors.person_list(actor=_actor(request), query=query))
    return _render(
        request, "core/person_list.html", "core/_person_rows.html", {"page": page, "q": query}
    )


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    try:
        person = selectors.person_get(actor=actor, pk=pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    memberships = selectors.membership_list(actor=actor, person=person)
    context = {
        "person": person,
        "memberships": memberships,
        "can_admin": selectors.person_admin_unit(actor=actor, person=person) is not None,
        "locked": bool(person.locked_until and person.locked_until > timezone.now()),
    }
    return render(request, "core/person_detail.html", context)


@login_required
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 1995), 2100)
    units = selectors.agency_list(actor=actor).exclude(kind=AgencyKind.COMMITTEE)
    choices = [(u.pk, "· " * u.depth + u.name) for u in units]
    query = request.GET.copy()
    query.pop("year", None)
    form = WorkdaysForm(query or None, units=choices)
    result = None
    if form.is_bound and form.is_valid():
        unit = (
            _agency_or_404(request, form.cleaned_data["unit"])
            if form.cleaned_data.get("unit")
            else None
        )
        try:
            result = _workdays_result(form.cleaned_data, selectors.agency_calendar(unit))
        except DomainError as exc:
            apply_domain_error(form, exc)
    context = {
        "year": year,
        "days": national_days(year, "vi" if request.LANGUAGE_CODE == "vi" else "en_US"),
        "form": form,
        "result": result,
    }
    response = _render(request, "core/calendar.html", "core/_workdays_result.html", context)
    if form.is_bound and form.errors:
        response.status_code = 400
    return response


def _workdays_result(data: dict[str, Any], cal: WorkingCalendar) -> dict[str, Any]:
    start: dt.date = data["start"]
    if data.get("days") is not None:
        return {
            "kind": "add",
            "start": start,
            "days": data["days"],
            "value": cal.add_working_days(start, data["days"]),
        }
    end: dt.date = data["end"]
    return {
        "kind": "between",
        "start": start,
        "end": end,
        "value": cal.working_days_between(start, end),
    }


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    rules = selectors.clock_rule_list(actor=_actor(request))
    return render(request, "core/rule_list.html", {"rules": rules, "today": timezone.localdate()})


@login_required
@require_http_methods(["GET", "POST"])
def rule_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    unit = _agency_or_404(request, pk)
    if not actor.has_perm("core.add_clockrule", unit):
        raise PermissionDenied
    codes = sorted(
        {
            (r.code, f"{r.applies_to} ({r.code})")
            for r in selectors.clock_rule_list(actor=actor).filter(agency__isnull=True)
        }
    )
    form = ClockRuleForm(request.POST or None, codes=codes)
    if request.method == "POST" and _submitted(
        form, lambda d: services.clock_rule_add(actor=actor, agency=unit, **d)
    ):
        messages.success(request, _("The agency's rule was added."))
        return redirect("core:unit_detail", pk=unit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "core/rule_form.html", {"unit": unit, "form": form}, status=status)


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if not selectors.can_view_audit(actor=actor):
        raise PermissionDenied
    units = [(u.pk, "· " * u.depth + u.name) for u in selectors.audit_unit_list(actor=actor)]
    form = AuditFilterForm(request.GET or None, units=units)
    if form.is_bound and not form.is_valid():
        return render(request, "core/audit_list.html", {"form": form, "events": []}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    agency = _agency_or_404(request, data["agency"]) if data.get("agency") else None
    actor_id = None
    if data.get("actor"):
        found = selectors.person_list(actor=actor).filter(username=data["actor"]).first()
        actor_id = found.pk if found else -1  # an unknown name matches no event
    events = selectors.audit_event_list(
        actor=actor,
        agency=agency,
        actor_id=actor_id,
        object_type=data.get("object_type", ""),
        object_id=data.get("object_id", ""),
        since=data.get("since"),
        until=data.get("until"),
    ).order_by("-id")
    if data.get("before"):
        events = events.filter(id__lt=data["before"])
    # Keyset pagination: the audit log grows without bound, so no OFFSET and no COUNT.
    rows = list(events[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    params = request.GET.copy()
    if more:
        params["before"] = str(rows[-1].pk)
    context = {"form": form, "events": rows, "more": more, "next_query": params.urlencode()}
    return _render(request, "core/audit_list.html", "core/_audit_rows.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        created: list[str] = []
        if _submitted(
            form,
            lambda d: created.append(services.api_token_create(actor=actor, name=d["name"])[1]),
        ):
            # Shown once, on the page the browser is sent to: a reload cannot make another.
            request.session["new_api_token"] = created[0]
            return redirect("core:token_list")
    context = {
        "tokens": selectors.api_token_list(actor=actor),
        "form": form,
        "secret": request.session.pop("new_api_token", None),
    }
    return render(request, "core/token_list.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    token = selectors.api_token_list(actor=actor).filter(pk=pk).first()
    if token is None:
        raise Http404(_("Token not found."))
    services.api_token_revoke(actor=actor, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("core:token_list")
