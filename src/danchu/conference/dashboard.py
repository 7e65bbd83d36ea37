"""What the conference and the dialogues put on a person's home page: for the head, the
deputies and the union, an annual conference not yet held by its deadline (31 March), a
review of the resolution due within two weeks or late, a periodic dialogue overdue and a
dialogue the board required and nobody scheduled; for a delegate, today's conference and
the polls open for their vote."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.conference.models import (
    Conference,
    ConferenceKind,
    ConferenceRequest,
    ConferenceState,
    Delegate,
    Dialogue,
    DialogueState,
    PollRoll,
    PollState,
    ResolutionReview,
)
from danchu.core.attention import Attention, Item
from danchu.core.models import Agency, Role, User
from danchu.core.scope import scope_for
from danchu.core.text import vn_date

REVIEW_NOTICE = dt.timedelta(days=14)
# A review more than a year late is history (the next conference's resolution took over).
STALE = dt.timedelta(days=366)


def _today() -> dt.date:
    from danchu.conference.services import today

    return today()


def _organisers(actor: User) -> list[int]:
    roles = (Role.HEAD, Role.DEPUTY_HEAD, Role.UNION_EXECUTIVE)
    return sorted({g.org_id for g in scope_for(actor).grants if g.role in roles})


def _annual(orgs: list[Agency], day: dt.date) -> list[Item]:
    """From 1 January the last work year's conference is due by the rule's deadline; late
    (red) when the deadline passed without a conference held."""
    from danchu.conference.services import SMALL_UNIT, annual_deadline, staff

    year = day.year - 1
    held = set(
        Conference.objects.filter(agency__in=orgs, kind=ConferenceKind.ANNUAL, year=year)
        .filter(Q(state=ConferenceState.CLOSED) | Q(state=ConferenceState.OPEN))
        .values_list("agency_id", flat=True)
    )
    items = []
    for org in orgs:
        if org.pk in held:
            continue
        due = annual_deadline(org, year)
        if day > due + dt.timedelta(days=92):
            continue  # a year later, the next year's reminder takes over
        if len(staff(org, day)) <= SMALL_UNIT:
            continue  # Art. 49: not required at 7 staff or fewer
        items.append(
            Item(
                label=_("Annual staff conference for %(year)d — %(unit)s")
                % {"year": year, "unit": org.short_name or org.name},
                url=reverse("conference:list", kwargs={"unit": org.pk}),
                note=_("to be held by %(day)s") % {"day": vn_date(due)},
                urgent=day > due,
            )
        )
    return items


def conference_attention(actor: User) -> list[Attention]:
    day = _today()
    groups: list[Attention] = []
    org_ids = _organisers(actor)
    if org_ids:
        orgs = list(Agency.objects.filter(pk__in=org_ids))
        items = _annual(orgs, day)
        reviews = (
            ResolutionReview.objects.filter(
                resolution__conference__agency_id__in=org_ids,
                held_on__isnull=True,
                due_on__lte=day + REVIEW_NOTICE,
                due_on__gte=day - STALE,
            )
            .select_related("resolution__conference")
            .order_by("due_on")[:10]
        )
        items += [
            Item(
                label=_("Review of resolution %(n)s (6-monthly)") % {"n": r.resolution.number},
                url=reverse("conference:resolution", kwargs={"pk": r.resolution_id}),
                note=_("due %(day)s") % {"day": vn_date(r.due_on)},
                urgent=r.due_on < day,
            )
            for r in reviews
        ]
        required = Dialogue.objects.filter(agency_id__in=org_ids, state=DialogueState.REQUIRED)
        items += [
            Item(
                label=_("Dialogue required by the inspection board: %(t)s") % {"t": d.title},
                url=reverse("conference:dialogue", kwargs={"pk": d.pk}),
                note=_("schedule it"),
                urgent=True,
            )
            for d in required.order_by("pk")[:10]
        ]
        reached = ConferenceRequest.objects.filter(
            agency_id__in=org_ids, reached_on__isnull=False
        ).exclude(pk__in=Conference.objects.filter(request__isnull=False).values("request_id"))
        items += [
            Item(
                label=_("Staff ask for an extraordinary conference: %(s)s") % {"s": r.subject},
                url=reverse("conference:request", kwargs={"pk": r.pk}),
                note=_("1/3 of staff reached on %(day)s") % {"day": vn_date(r.reached_on)},
                urgent=True,
            )
            for r in reached.order_by("reached_on")[:10]
        ]
        items += _dialogues_due(orgs, day)
        if items:
            groups.append(Attention(title=_("Staff conference and dialogues"), items=items))
    mine = (
        Delegate.objects.filter(person=actor, conference__held_on=day)
        .exclude(conference__state=ConferenceState.CLOSED)
        .select_related("conference")
    )
    polls = PollRoll.objects.filter(
        person=actor, present=True, voted=False, poll__state=PollState.OPEN
    ).select_related("poll")
    mine_items = [
        Item(
            label=d.conference.title,
            url=reverse("conference:detail", kwargs={"pk": d.conference_id}),
            note=_("today — checked in") if d.checked_in_at else _("today — check in"),
        )
        for d in mine
    ] + [
        Item(
            label=r.poll.title,
            url=reverse("conference:poll", kwargs={"pk": r.poll_id}),
            note=_("open for your vote"),
            urgent=True,
        )
        for r in polls
    ]
    if mine_items:
        groups.append(Attention(title=_("Conference today"), items=mine_items))
    return groups


def _dialogues_due(orgs: list[Agency], day: dt.date) -> list[Item]:
    from danchu.conference.services import dialogue_due

    planned = set(
        Dialogue.objects.filter(agency__in=orgs, state=DialogueState.PLANNED).values_list(
            "agency_id", flat=True
        )
    )
    items = []
    for org in orgs:
        if org.pk in planned:
            continue
        due = dialogue_due(org)
        if due is not None and due < day:
            items.append(
                Item(
                    label=_("Periodic dialogue with staff — %(unit)s")
                    % {"unit": org.short_name or org.name},
                    url=reverse("conference:dialogue_list", kwargs={"unit": org.pk}),
                    note=_("due %(day)s") % {"day": vn_date(due)},
                    urgent=True,
                )
            )
    return items
