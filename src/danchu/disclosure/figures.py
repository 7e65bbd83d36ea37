"""The figures of publicity and consultation for a period, per organisation: four sections of
the shared protocol (``danchu.core.figures``), each built in a fixed number of grouped queries.

The period is ``start``..``end``, both included, in days of Asia/Ho_Chi_Minh. Outcomes
(answers, confirmations, accepted comments, published summaries) are counted as recorded by
the end of the period, so the figures of a past period do not change when it is reported
again later.

**regulations** (order 10) — the organisation's regulations and their versions:

- ``in_force``: regulations with a version in force on the period's end (``effective_from`` on
  or before it). The models record no repeal, so a regulation once in force stays in force.
- ``issued``: regulations first issued in the period (the decision date of version 1).
- ``amended``: new versions (number 2 and up) of existing regulations decided in the period.
- ``reviewed``: regulations reviewed in the period. The models keep no review record apart
  from versions: a review is recorded by issuing a new version (which carries the next review
  date), so this counts the regulations with a new version decided in the period. It differs
  from ``amended`` when a regulation got two versions in the period; a review that concluded
  "no change" cannot be recorded and is not counted.
- ``review_overdue``: regulations in force on the end whose review date — that of the latest
  version decided by the end — is before the end.
- ``core_kept``: how many of the four regulations the seeds name (``RegulationKind``: working
  rules, internal spending, financial management, public-asset management) are in force on
  the end, each kind counted once (0–4).

**publicity** (order 20):

- ``published``: publications published in the period (``published_on``).
- ``on_time`` / ``late``: of those, published within the deadline or not — the working days
  late recorded on each publication when it was registered (``late_days``, counted against the
  ``publication.deadline`` rule in force on the decision date: 5 working days).
- ``on_time_rate``: ``on_time`` of ``published``.
- ``info_requests``: information requests received in the period.
- ``info_requests_on_time``: of those, answered by their recorded due date and by the end.

**dissemination** (order 30) — read-confirmation campaigns:

- ``disseminations``: disseminations started (created) in the period.
- ``to_confirm``: confirmations asked by them — one per person of the audience and
  dissemination (a person asked twice counts twice).
- ``confirmed``: of those, confirmed by the end of the period.
- ``confirmed_rate``: ``confirmed`` of ``to_confirm``.

**consultation** (order 40):

- ``held``: consultations opened in the period (``opens_on``).
- ``comments``: comments made on them by the end (named and anonymous).
- ``accepted``: of those, answered "accepted" or "partly accepted" by the end.
- ``accepted_rate``: ``accepted`` of ``comments``.
- ``summaries_published``: of the consultations held, those whose summary (what was
  accepted and why not, a publication linked to the consultation) was published by the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.figures import Section, rate
from danchu.core.models import Agency
from danchu.disclosure.models import (
    Answer,
    Comment,
    Consultation,
    Dissemination,
    InformationRequest,
    Publication,
    Regulation,
    RegulationKind,
    RegulationVersion,
)

CORE_KINDS = (
    RegulationKind.WORKING_RULES,
    RegulationKind.INTERNAL_SPENDING,
    RegulationKind.FINANCIAL,
    RegulationKind.PUBLIC_ASSETS,
)


def _moments(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period as aware datetimes: from the start's midnight to the midnight after the end
    (excluded), in the time zone of the site."""
    tz = timezone.get_default_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def _by_org(rows: Any, key: str = "agency_id") -> dict[int, dict[str, Any]]:
    return {row[key]: row for row in rows}


def _pks(orgs: Sequence[Agency]) -> list[int]:
    return [o.pk for o in orgs]


def build_regulations(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    """Two queries: the regulations with their state on the end, and the versions decided in
    the period."""
    pks = _pks(orgs)
    versions = RegulationVersion.objects.filter(regulation=OuterRef("pk"))
    state = _by_org(
        Regulation.objects.filter(agency_id__in=pks)
        .annotate(
            is_in_force=Exists(versions.filter(effective_from__lte=end)),
            last_review_on=Subquery(
                versions.filter(decision_date__lte=end).order_by("-number").values("review_on")[:1]
            ),
        )
        .values("agency_id")
        .annotate(
            in_force=Count("pk", filter=Q(is_in_force=True)),
            overdue=Count("pk", filter=Q(is_in_force=True, last_review_on__lt=end)),
            core=Count("kind", distinct=True, filter=Q(is_in_force=True, kind__in=CORE_KINDS)),
        )
        .order_by()
    )
    decided = _by_org(
        RegulationVersion.objects.filter(
            regulation__agency_id__in=pks, decision_date__gte=start, decision_date__lte=end
        )
        .values("regulation__agency_id")
        .annotate(
            issued=Count("pk", filter=Q(number=1)),
            amended=Count("pk", filter=Q(number__gt=1)),
            reviewed=Count("regulation", distinct=True, filter=Q(number__gt=1)),
        )
        .order_by(),
        "regulation__agency_id",
    )
    result = {}
    for pk in pks:
        s, d = state.get(pk, {}), decided.get(pk, {})
        section = Section("regulations", _("Regulations"))
        section.add("in_force", _("Regulations in force"), s.get("in_force", 0))
        section.add("issued", _("Regulations issued"), d.get("issued", 0))
        section.add("amended", _("New versions of regulations"), d.get("amended", 0))
        section.add("reviewed", _("Regulations reviewed"), d.get("reviewed", 0))
        section.add("review_overdue", _("Regulations overdue for review"), s.get("overdue", 0))
        section.add(
            "core_kept",
            _("Of the four core regulations, in force"),
            s.get("core", 0),
        )
        result[pk] = section
    return result


def build_publicity(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    """Two queries: publications and information requests, grouped by organisation."""
    pks = _pks(orgs)
    published = _by_org(
        Publication.objects.filter(
            agency_id__in=pks, published_on__gte=start, published_on__lte=end
        )
        .values("agency_id")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(late_days=0)),
            late=Count("pk", filter=Q(late_days__gt=0)),
        )
        .order_by()
    )
    requests = _by_org(
        InformationRequest.objects.filter(
            agency_id__in=pks, received_on__gte=start, received_on__lte=end
        )
        .values("agency_id")
        .annotate(
            n=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(answered_on__lte=end) & Q(answered_on__lte=F("due_on")),
            ),
        )
        .order_by()
    )
    result = {}
    for pk in pks:
        p, r = published.get(pk, {}), requests.get(pk, {})
        section = Section("publicity", _("Publicity"))
        section.add("published", _("Contents published"), p.get("n", 0))
        section.add("on_time", _("Published on time"), p.get("on_time", 0))
        section.add("late", _("Published late"), p.get("late", 0))
        section.add(
            "on_time_rate",
            _("Share published on time"),
            rate(p.get("on_time", 0), p.get("n", 0)),
            "percent",
        )
        section.add("info_requests", _("Requests for information"), r.get("n", 0))
        section.add("info_requests_on_time", _("Requests answered on time"), r.get("on_time", 0))
        result[pk] = section
    return result


def build_dissemination(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    """One query: disseminations started in the period with their readers."""
    pks = _pks(orgs)
    since, until = _moments(start, end)
    rows = _by_org(
        Dissemination.objects.filter(agency_id__in=pks, created_at__gte=since, created_at__lt=until)
        .values("agency_id")
        .annotate(
            n=Count("pk", distinct=True),
            readers_n=Count("readers"),
            confirmed_n=Count("readers", filter=Q(readers__confirmed_at__lt=until)),
        )
        .order_by()
    )
    result = {}
    for pk in pks:
        r = rows.get(pk, {})
        section = Section("dissemination", _("Dissemination"))
        section.add("disseminations", _("Documents disseminated"), r.get("n", 0))
        section.add("to_confirm", _("Read confirmations asked"), r.get("readers_n", 0))
        section.add("confirmed", _("Readings confirmed"), r.get("confirmed_n", 0))
        section.add(
            "confirmed_rate",
            _("Share confirmed"),
            rate(r.get("confirmed_n", 0), r.get("readers_n", 0)),
            "percent",
        )
        result[pk] = section
    return result


def build_consultation(orgs: Sequence[Agency], start: dt.date, end: dt.date) -> dict[int, Section]:
    """Two queries: the consultations opened in the period, and their comments."""
    pks = _pks(orgs)
    held = Consultation.objects.filter(agency_id__in=pks, opens_on__gte=start, opens_on__lte=end)
    summary = Publication.objects.filter(consultation=OuterRef("pk"), published_on__lte=end)
    consultations = _by_org(
        held.annotate(has_summary=Exists(summary))
        .values("agency_id")
        .annotate(n=Count("pk"), summaries=Count("pk", filter=Q(has_summary=True)))
        .order_by()
    )
    comments = _by_org(
        Comment.objects.filter(consultation__in=held.values("pk"), made_on__lte=end)
        .values("consultation__agency_id")
        .annotate(
            n=Count("pk"),
            accepted=Count(
                "pk",
                filter=Q(answer__in=[Answer.ACCEPTED, Answer.PARTLY], answered_on__lte=end),
            ),
        )
        .order_by(),
        "consultation__agency_id",
    )
    result = {}
    for pk in pks:
        c, m = consultations.get(pk, {}), comments.get(pk, {})
        section = Section("consultation", _("Consultation of staff"))
        section.add("held", _("Consultations held"), c.get("n", 0))
        section.add("comments", _("Comments received"), m.get("n", 0))
        section.add("accepted", _("Comments accepted, fully or partly"), m.get("accepted", 0))
        section.add(
            "accepted_rate",
            _("Share of comments accepted"),
            rate(m.get("accepted", 0), m.get("n", 0)),
            "percent",
        )
        section.add(
            "summaries_published", _("Summaries of comments published"), c.get("summaries", 0)
        )
        result[pk] = section
    return result
