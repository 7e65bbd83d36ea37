"""Reads of publicity and consultation, scoped to the acting person: a member sees what is
addressed to them (all staff, their unit, or them by name); the leaders, the office, the board
and the steering committee see everything of the organisation."""

from __future__ import annotations

import datetime as dt
import difflib
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from danchu.core.errors import Forbidden, NotFound
from danchu.core.models import Agency, Membership, User
from danchu.core.scope import scope_for
from danchu.core.text import fold
from danchu.disclosure.models import (
    AudienceKind,
    Comment,
    Consultation,
    Dissemination,
    InformationRequest,
    Publication,
    PublicationFile,
    Regulation,
    RegulationVersion,
    RequestState,
)


def _org(actor: User, agency: Agency, perm: str = "disclosure.view") -> Agency:
    org = agency.organisation or agency
    if not scope_for(actor).can_read_path(org.path):
        raise NotFound()
    if not actor.has_perm(perm, org):
        raise Forbidden()
    return org


def _audience_q(actor: User, org: Agency) -> Q:
    """What is addressed to the person: all staff, a unit they work in, or them by name.
    (Only called for people who do not see everything.)"""
    paths = list(
        Membership.objects.active(timezone.localdate())
        .filter(person=actor, agency__path__startswith=org.path)
        .values_list("agency__path", flat=True)
    )
    units = Q(pk__in=[])
    for path in paths:
        # The audience unit contains the unit the person works in.
        units |= Q(audience_unit__path__in=[path[:i] for i in range(7, len(path) + 1, 7)])
    return Q(audience_kind=AudienceKind.ALL) | (Q(audience_kind=AudienceKind.UNIT) & units)


def publication_list(
    *,
    actor: User,
    agency: Agency,
    query: str = "",
    category: str = "",
    year: int | None = None,
    breaches_only: bool = False,
    unit: Agency | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Publication]:
    """Filters: words (accent-free), category, year or period (publication date), the unit it
    was addressed to, breaches only."""
    org = _org(actor, agency)
    qs = Publication.objects.filter(agency=org)
    if not actor.has_perm("disclosure.view_all", org):
        qs = qs.filter(_audience_q(actor, org) | Q(audience_people=actor))
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(published_on__year=year)
    if breaches_only:
        qs = qs.filter(Q(late_days__gt=0) | Q(short_posting=True))
    if unit is not None:
        qs = qs.filter(audience_unit=unit)
    if start is not None:
        qs = qs.filter(published_on__gte=start)
    if end is not None:
        qs = qs.filter(published_on__lte=end)
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs.distinct().order_by("-published_on", "-id")


def publication_get(*, actor: User, pk: int) -> Publication:
    publication = Publication.objects.select_related("agency").filter(pk=pk).first()
    if publication is None:
        raise NotFound()
    org = _org(actor, publication.agency)
    if not publication_list(actor=actor, agency=org).filter(pk=pk).exists():
        raise Forbidden()
    return publication


def breaches(*, actor: User, agency: Agency) -> QuerySet[Publication]:
    """Late publications and postings taken down too early, for the head's dashboard."""
    return publication_list(actor=actor, agency=agency, breaches_only=True)


def regulation_list(*, actor: User, agency: Agency, query: str = "") -> QuerySet[Regulation]:
    org = _org(actor, agency)
    qs = Regulation.objects.filter(agency=org).select_related("owner")
    for word in fold(query).split():
        qs = qs.filter(versions__search_text__contains=word)
    return qs.distinct().annotate(version_count=Count("versions")).order_by("kind", "title")


def regulation_get(*, actor: User, pk: int) -> Regulation:
    regulation = Regulation.objects.select_related("agency", "owner").filter(pk=pk).first()
    if regulation is None:
        raise NotFound()
    _org(actor, regulation.agency)
    return regulation


def version_get(*, actor: User, pk: int) -> RegulationVersion:
    version = (
        RegulationVersion.objects.select_related("regulation__agency", "regulation__owner")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise NotFound()
    _org(actor, version.regulation.agency)
    return version


def version_in_force(
    *, regulation: Regulation, on: dt.date | None = None
) -> RegulationVersion | None:
    day = on or timezone.localdate()
    return regulation.versions.filter(effective_from__lte=day).order_by("-effective_from").first()


def reviews_due(*, actor: User, agency: Agency, within_days: int = 30) -> list[RegulationVersion]:
    """Versions in force whose review date has passed or comes within ``within_days``."""
    day = timezone.localdate()
    due = []
    for regulation in regulation_list(actor=actor, agency=agency):
        current = version_in_force(regulation=regulation, on=day)
        if current is not None and current.review_on <= day + dt.timedelta(days=within_days):
            due.append(current)
    return due


@dataclass
class ArticleDiff:
    label: str
    heading: str
    old: str
    new: str
    changed: bool
    table: str  # a side-by-side HTML table (difflib), escaped


def version_diff(*, old: RegulationVersion, new: RegulationVersion) -> list[ArticleDiff]:
    """Article by article: each article of either version with its old and new text and, where
    it changed, a side-by-side table."""
    before = {a.key: a for a in old.articles}
    after = {a.key: a for a in new.articles}
    keys = list(dict.fromkeys([*before, *after]))
    result = []
    html = difflib.HtmlDiff(wrapcolumn=60)
    for key in keys:
        a, b = before.get(key), after.get(key)
        old_text = f"{a.heading}\n{a.body}" if a else ""
        new_text = f"{b.heading}\n{b.body}" if b else ""
        changed = old_text != new_text
        table = (
            html.make_table(
                old_text.splitlines(), new_text.splitlines(), f"{old.number}", f"{new.number}"
            )
            if changed
            else ""
        )
        either = b or a
        assert either is not None
        result.append(ArticleDiff(either.label, either.heading, old_text, new_text, changed, table))
    return result


def dissemination_list(*, actor: User, agency: Agency) -> QuerySet[Dissemination]:
    org = _org(actor, agency)
    qs = Dissemination.objects.filter(agency=org)
    if not actor.has_perm("disclosure.view_all", org):
        qs = qs.filter(readers__person=actor)
    return qs.annotate(
        total=Count("readers"),
        confirmed=Count("readers", filter=Q(readers__confirmed_at__isnull=False)),
    ).order_by("-created_at", "-id")


def dissemination_get(*, actor: User, pk: int) -> Dissemination:
    d = (
        Dissemination.objects.select_related("agency", "version__regulation", "publication")
        .filter(pk=pk)
        .first()
    )
    if d is None:
        raise NotFound()
    org = _org(actor, d.agency)
    if (
        not actor.has_perm("disclosure.view_all", org)
        and not d.readers.filter(person=actor).exists()
    ):
        raise Forbidden()
    return d


@dataclass
class UnitShare:
    unit: Agency
    confirmed: int
    total: int

    @property
    def share(self) -> float:
        return 100.0 * self.confirmed / self.total if self.total else 0.0


@dataclass
class DisseminationReport:
    units: list[UnitShare] = field(default_factory=list)
    pending: list[User] = field(default_factory=list)
    confirmed: int = 0
    total: int = 0


def dissemination_report(*, actor: User, dissemination: Dissemination) -> DisseminationReport:
    """The share who confirmed, per unit (one grouped query), and who has not."""
    _org(actor, dissemination.agency, "disclosure.view_all")
    rows = (
        dissemination.readers.values("unit")
        .annotate(total=Count("id"), confirmed=Count("id", filter=Q(confirmed_at__isnull=False)))
        .order_by("unit__path")
    )
    units = {u.pk: u for u in Agency.objects.filter(pk__in=[r["unit"] for r in rows])}
    report = DisseminationReport()
    for r in rows:
        report.units.append(UnitShare(units[r["unit"]], r["confirmed"], r["total"]))
        report.confirmed += r["confirmed"]
        report.total += r["total"]
    report.pending = [
        r.person
        for r in dissemination.readers.filter(confirmed_at__isnull=True)
        .select_related("person")
        .order_by("unit__path", "person__sort_key")
    ]
    return report


def consultation_list(*, actor: User, agency: Agency) -> QuerySet[Consultation]:
    org = _org(actor, agency)
    qs = Consultation.objects.filter(agency=org)
    if not actor.has_perm("disclosure.view_all", org):
        qs = qs.filter(_audience_q(actor, org) | Q(owner=actor))
    return (
        qs.select_related("owner")
        .annotate(comment_count=Count("comments"))
        .order_by("-opens_on", "-id")
    )


def consultation_get(*, actor: User, pk: int) -> Consultation:
    consultation = (
        Consultation.objects.select_related("agency", "owner", "version__regulation")
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise NotFound()
    org = _org(actor, consultation.agency)
    if not consultation_list(actor=actor, agency=org).filter(pk=pk).exists():
        raise Forbidden()
    return consultation


def info_request_list(*, actor: User, agency: Agency) -> QuerySet[InformationRequest]:
    org = _org(actor, agency)
    qs = InformationRequest.objects.filter(agency=org).select_related("requester")
    if not actor.has_perm("disclosure.answer_requests", org) and not actor.has_perm(
        "disclosure.view_all", org
    ):
        qs = qs.filter(requester=actor)
    return qs.order_by("-received_on", "-id")


def info_request_get(*, actor: User, pk: int) -> InformationRequest:
    request = InformationRequest.objects.select_related("agency").filter(pk=pk).first()
    if request is None:
        raise NotFound()
    org = _org(actor, request.agency)
    if not info_request_list(actor=actor, agency=org).filter(pk=pk).exists():
        raise Forbidden()
    return request


def overdue_requests(*, actor: User, agency: Agency) -> QuerySet[InformationRequest]:
    return info_request_list(actor=actor, agency=agency).filter(
        state=RequestState.OPEN, due_on__lt=timezone.localdate()
    )


def to_confirm(*, actor: User, agency: Agency) -> QuerySet[Dissemination]:
    """What the person is asked to read and has not confirmed yet (one query)."""
    org = _org(actor, agency)
    return (
        Dissemination.objects.filter(
            agency=org, readers__person=actor, readers__confirmed_at__isnull=True
        )
        .select_related("version__regulation", "publication")
        .order_by("confirm_by", "id")
    )


def comment_get(*, actor: User, pk: uuid.UUID | str) -> Comment:
    comment = Comment.objects.select_related("consultation").filter(pk=pk).first()
    if comment is None:
        raise NotFound()
    consultation_get(actor=actor, pk=comment.consultation_id)
    return comment


def versions_of(*, actor: User, agency: Agency) -> QuerySet[RegulationVersion]:
    org = _org(actor, agency)
    return RegulationVersion.objects.filter(regulation__agency=org).select_related("regulation")


def public_publications(agency: Agency) -> QuerySet[Publication]:
    """What the organisation published to the public (the portal channel) and has not taken
    down, newest first: no person is needed to read it."""
    today = timezone.localdate()
    return (
        Publication.objects.filter(agency=agency, public=True)
        .filter(Q(posted_until__isnull=True) | Q(posted_until__gte=today))
        .prefetch_related("files")
        .order_by("-published_on", "-id")
    )


def public_publication_files(agency: Agency) -> QuerySet[PublicationFile]:
    return PublicationFile.objects.filter(publication__in=public_publications(agency).values("pk"))
