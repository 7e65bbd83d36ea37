"""Publications on the legal clock, regulations and their versions, dissemination with read
confirmations, and information requests."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import invalid
from danchu.core.models import Agency, ClockUnit, User
from danchu.core.selectors import agency_calendar, clock_deadline, clock_rule_in_force
from danchu.core.services import require
from danchu.core.text import fold
from danchu.core.uploads import IMAGES, MB, OFFICE, PDF, FileIn, upload_errors
from danchu.disclosure.models import (
    AudienceKind,
    Category,
    Consultation,
    Dissemination,
    InformationRequest,
    Publication,
    PublicationChannel,
    PublicationFile,
    ReadConfirmation,
    Regulation,
    RegulationKind,
    RegulationVersion,
    RequestState,
)
from danchu.disclosure.services.common import (
    audience_errors,
    audience_members,
    next_number,
    org_of,
    record,
    today,
)

MAX_FILE = 20 * MB


def file_errors(files: list[FileIn]) -> dict[str, list[str]]:
    """Office documents, PDF and images, at most 20 MB each; only ever served as downloads."""
    return upload_errors(files, kinds=(*OFFICE, *PDF, *IMAGES), max_bytes=MAX_FILE)


def posting_minimum(agency: Agency, on: dt.date) -> int:
    """The minimum days on the intranet under the rule in force (20 consecutive days)."""
    return clock_rule_in_force(code="publication.posting_min", agency=agency, on=on).length


def posting_end(agency: Agency, published_on: dt.date) -> dt.date:
    """The last day a publication must still be posted: the publication day is the first of
    the rule's minimum period, counted in the rule's unit."""
    rule = clock_rule_in_force(code="publication.posting_min", agency=agency, on=published_on)
    calendar = agency_calendar(agency)
    if rule.unit == ClockUnit.WORKING_DAYS:
        return calendar.add_working_days(calendar.next_working_day(published_on), rule.length - 1)
    return calendar.add_calendar_days(published_on, rule.length - 1)


def working_days_late(agency: Agency, due: dt.date, published_on: dt.date) -> int:
    """Working days after the deadline; a publication on a day off after it is late by the
    working days up to the next working day (at least one)."""
    if published_on <= due:
        return 0
    calendar = agency_calendar(agency)
    return max(1, calendar.working_days_between(due, calendar.next_working_day(published_on)))


@transaction.atomic
def publication_create(
    *,
    actor: User | None,
    agency: Agency,
    category: str,
    title: str,
    decision_number: str,
    decision_date: dt.date | None,
    signer: str,
    channels: list[str],
    published_on: dt.date,
    posted_until: dt.date | None = None,
    summary: str = "",
    audience_kind: str = AudienceKind.ALL,
    audience_unit: Agency | None = None,
    audience_people: list[User] | None = None,
    files: list[FileIn] | None = None,
    version: RegulationVersion | None = None,
    consultation: Consultation | None = None,
) -> Publication:
    """Publish a content to staff. The deadline is the ``publication.deadline`` rule in force
    on the decision date (5 working days); a later publication is recorded with the working
    days it is late. On the intranet the posting period must reach the rule's minimum."""
    require(actor, "disclosure.publish", agency)
    org = org_of(agency)
    errors: dict[str, list[str]] = {}
    if category not in Category.values:
        errors["category"] = [_("Choose one of the twelve categories.")]
    if not title.strip():
        errors["title"] = [_("Give the title of what is published.")]
    if decision_date is None:
        errors["decision_date"] = [_("Give the date of the decision or document published.")]
    if not decision_number.strip():
        errors["decision_number"] = [_("Give the number of the decision or document.")]
    if not signer.strip():
        errors["signer"] = [_("Say who signed it.")]
    if not channels or any(c not in PublicationChannel.values for c in channels):
        errors["channels"] = [_("Choose at least one channel.")]
    if published_on > today():
        errors["published_on"] = [_("A publication is recorded once it is published.")]
    elif decision_date is not None and published_on < decision_date:
        errors["published_on"] = [_("It cannot be published before its decision.")]
    if PublicationChannel.PORTAL in channels and audience_kind != AudienceKind.ALL:
        errors["channels"] = [
            _("Only a publication to all staff may also go on the public portal.")
        ]
    if PublicationChannel.INTRANET in channels:
        last = posting_end(org, published_on)
        if posted_until is None:
            errors["posted_until"] = [_("Say until when it stays on the intranet.")]
        elif posted_until < last:
            errors["posted_until"] = [
                _("It must stay on the intranet at least %(n)d consecutive days (until %(d)s).")
                % {"n": posting_minimum(org, published_on), "d": last.strftime("%d/%m/%Y")}
            ]
    errors |= audience_errors(org, audience_kind, audience_unit, audience_people)
    errors |= file_errors(files or [])
    invalid(errors)
    assert decision_date is not None
    due = clock_deadline(code="publication.deadline", agency=org, started_on=decision_date)
    assert due is not None
    late = working_days_late(org, due, published_on)
    publication = Publication.objects.create(
        agency=org,
        number=next_number(org, f"publication:{published_on.year}"),
        year=published_on.year,
        category=category,
        title=title.strip(),
        summary=summary.strip(),
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        signer=signer.strip(),
        channels=sorted(set(channels)),
        audience_kind=audience_kind,
        audience_unit=audience_unit if audience_kind == AudienceKind.UNIT else None,
        published_on=published_on,
        posted_until=posted_until if PublicationChannel.INTRANET in channels else None,
        due_on=due,
        late_days=late,
        version=version,
        consultation=consultation,
        public=PublicationChannel.PORTAL in channels,
        search_text=fold(f"{title} {summary} {decision_number}"),
        created_by=actor,
    )
    if audience_kind == AudienceKind.PEOPLE:
        publication.audience_people.set(audience_people or [])
    for f in files or []:
        stored = PublicationFile(publication=publication, name=f.name)
        stored.file.save(f.name, ContentFile(f.data), save=True)
    record(
        actor,
        org,
        "publication.create",
        publication,
        {
            "category": [None, category],
            "due_on": [None, due],
            "late_days": [None, late],
            "public": [None, PublicationChannel.PORTAL in channels],
        },
    )
    return publication


@transaction.atomic
def publication_take_down(
    *, actor: User | None, publication: Publication, on: dt.date
) -> Publication:
    """Take a publication off the intranet; before the minimum posting it is a breach."""
    require(actor, "disclosure.publish", publication)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if on < publication.published_on or on > today():
        invalid({"on": [_("The date is between the publication and today.")]})
    last = posting_end(publication.agency, publication.published_on)
    before = (publication.posted_until, publication.short_posting)
    publication.posted_until = on
    publication.short_posting = PublicationChannel.INTRANET in publication.channels and on < last
    publication.save(update_fields=["posted_until", "short_posting"])
    record(
        actor,
        publication.agency,
        "publication.take_down",
        publication,
        {
            "posted_until": [before[0], on],
            "short_posting": [before[1], publication.short_posting],
        },
    )
    return publication


@transaction.atomic
def regulation_create(
    *, actor: User | None, agency: Agency, kind: str, title: str, owner: User
) -> Regulation:
    require(actor, "disclosure.manage_regulations", agency)
    org = org_of(agency)
    errors: dict[str, list[str]] = {}
    if not audience_members(org, AudienceKind.PEOPLE, None, [owner]):
        errors["owner"] = [_("The owner must work in this organisation.")]
    if kind not in RegulationKind.values:
        errors["kind"] = [_("Choose the kind of regulation.")]
    if not title.strip():
        errors["title"] = [_("Give the regulation's title.")]
    invalid(errors)
    regulation = Regulation.objects.create(agency=org, kind=kind, title=title.strip(), owner=owner)
    record(actor, org, "regulation.create", regulation, {"kind": [None, kind]})
    return regulation


@transaction.atomic
def version_add(
    *,
    actor: User | None,
    regulation: Regulation,
    decision_number: str,
    decision_date: dt.date | None,
    effective_from: dt.date | None,
    text: str,
    review_on: dt.date | None,
    change_summary: str = "",
    consultation: Consultation | None = None,
    publish_channels: list[str] | None = None,
    posted_until: dt.date | None = None,
) -> RegulationVersion:
    """Issue a version: its decision, the date it is in force (after the previous one's), the
    full text with its articles, what changed and when it is to be reviewed. With
    ``publish_channels`` it is also published to all staff (category: internal rules)."""
    require(actor, "disclosure.add_version", regulation)
    regulation = Regulation.objects.select_for_update().get(pk=regulation.pk)
    previous = regulation.versions.order_by("-number").first()
    errors: dict[str, list[str]] = {}
    if decision_date is None:
        errors["decision_date"] = [_("Give the date of the decision or document published.")]
    if not decision_number.strip():
        errors["decision_number"] = [_("Give the number of the decision or document.")]
    if effective_from is None:
        errors["effective_from"] = [_("Give the date it comes into force.")]
    elif previous is not None and effective_from <= previous.effective_from:
        errors["effective_from"] = [
            _("A new version comes into force after the one before it (%(d)s).")
            % {"d": previous.effective_from.strftime("%d/%m/%Y")}
        ]
    elif decision_date is not None and effective_from < decision_date:
        errors["effective_from"] = [_("It cannot come into force before its decision.")]
    if not text.strip():
        errors["text"] = [_("Give the full text, article by article (“Điều 1. …”).")]
    if review_on is None or (effective_from is not None and review_on <= effective_from):
        errors["review_on"] = [_("Give a review date after it comes into force.")]
    if previous is not None and not change_summary.strip():
        errors["change_summary"] = [_("Say what changed from the previous version.")]
    if consultation is not None and consultation.agency_id != regulation.agency_id:
        errors["consultation"] = [_("The consultation must be this organisation's.")]
    invalid(errors)
    assert decision_date is not None and effective_from is not None and review_on is not None
    version = RegulationVersion.objects.create(
        regulation=regulation,
        number=(previous.number + 1) if previous else 1,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        effective_from=effective_from,
        text=text.strip(),
        change_summary=change_summary.strip(),
        review_on=review_on,
        consultation=consultation,
        search_text=fold(f"{regulation.title} {text}"),
        created_by=actor,
    )
    record(
        actor,
        regulation.agency,
        "regulation.version",
        version,
        {"number": [None, version.number], "effective_from": [None, effective_from]},
    )
    if publish_channels:
        publication_create(
            actor=actor,
            agency=regulation.agency,
            category=Category.RULES,
            title=f"{regulation.title} (phiên bản {version.number})",
            summary=version.change_summary,
            decision_number=version.decision_number,
            decision_date=version.decision_date,
            signer=actor.get_full_name() if actor else "",
            channels=publish_channels,
            published_on=today(),
            posted_until=posted_until,
            version=version,
        )
    return version


@transaction.atomic
def dissemination_create(
    *,
    actor: User | None,
    agency: Agency,
    confirm_by: dt.date,
    publication: Publication | None = None,
    version: RegulationVersion | None = None,
    document_title: str = "",
    document_number: str = "",
    audience_kind: str = AudienceKind.ALL,
    audience_unit: Agency | None = None,
) -> Dissemination:
    """Require everyone in the audience to confirm they read a publication, a regulation
    version or a document from above. The audience is fixed now, with each person's unit; a
    publication's readers are only people it was addressed to."""
    require(actor, "disclosure.disseminate", agency)
    org = org_of(agency)
    errors: dict[str, list[str]] = {}
    if (publication is not None and publication.agency_id != org.pk) or (
        version is not None and version.regulation.agency_id != org.pk
    ):
        errors["document_title"] = [_("It must be this organisation's.")]
    if [publication, version, document_title.strip() or None].count(None) != 2:
        errors["document_title"] = [
            _("Choose one thing to read: a publication, a regulation version or a document.")
        ]
    if confirm_by < today():
        errors["confirm_by"] = [_("The date to confirm by cannot be in the past.")]
    errors |= audience_errors(org, audience_kind, audience_unit, None)
    invalid(errors)
    dissemination = Dissemination.objects.create(
        agency=org,
        publication=publication,
        version=version,
        document_title=document_title.strip(),
        document_number=document_number.strip(),
        confirm_by=confirm_by,
        created_by=actor,
    )
    members = audience_members(org, audience_kind, audience_unit)
    if publication is not None:
        addressed = audience_members(
            org,
            publication.audience_kind,
            publication.audience_unit,
            list(publication.audience_people.all()),
        )
        members = {person: unit for person, unit in members.items() if person in addressed}
    ReadConfirmation.objects.bulk_create(
        ReadConfirmation(dissemination=dissemination, person=person, unit=unit)
        for person, unit in members.items()
    )
    record(actor, org, "dissemination.create", dissemination, {"readers": len(members)})
    return dissemination


@transaction.atomic
def read_confirm(*, actor: User, dissemination: Dissemination) -> ReadConfirmation:
    """The person confirms having read it (once; a second confirmation changes nothing)."""
    require(actor, "disclosure.view", dissemination)
    row = (
        ReadConfirmation.objects.select_for_update()
        .filter(dissemination=dissemination, person=actor)
        .first()
    )
    if row is None:
        message = _("You are not among those asked to read this.")
        invalid({"__all__": [message]})
    assert row is not None
    if row.confirmed_at is None:
        row.confirmed_at = timezone.now()
        row.save(update_fields=["confirmed_at"])
        record(actor, dissemination.agency, "dissemination.confirm", dissemination, {})
    return row


@transaction.atomic
def dissemination_remind(*, actor: User | None, dissemination: Dissemination) -> int:
    """Mail everyone who has not confirmed yet; returns how many."""
    require(actor, "disclosure.disseminate", dissemination)
    rows = list(dissemination.readers.filter(confirmed_at__isnull=True).select_related("person"))
    now = timezone.now()
    for row in rows:
        row.reminded_at = now
    ReadConfirmation.objects.bulk_update(rows, ["reminded_at"])
    emails = [r.person.email for r in rows if r.person.email]
    if emails:
        from danchu.core.jobs import send_mail_job

        subject = _("Please confirm you have read: %(t)s") % {"t": dissemination.title[:80]}
        transaction.on_commit(
            lambda: send_mail_job.enqueue(subject=subject, body=subject, to=emails)
        )
    record(actor, dissemination.agency, "dissemination.remind", dissemination, {"to": len(rows)})
    return len(rows)


@transaction.atomic
def info_request_create(
    *, actor: User, agency: Agency, subject: str, details: str = ""
) -> InformationRequest:
    """A staff member asks for information not published, expired or unreachable; it is due
    under the ``publication.information_request`` rule."""
    require(actor, "disclosure.take_part", agency)
    org = org_of(agency)
    if not subject.strip():
        invalid({"subject": [_("Say what information you ask for.")]})
    received = today()
    due = clock_deadline(code="publication.information_request", agency=org, started_on=received)
    assert due is not None
    request = InformationRequest.objects.create(
        agency=org,
        requester=actor,
        subject=subject.strip(),
        details=details.strip(),
        received_on=received,
        due_on=due,
    )
    record(actor, org, "info_request.create", request, {"due_on": [None, due]})
    return request


@transaction.atomic
def info_request_answer(
    *, actor: User, request: InformationRequest, answer: str
) -> InformationRequest:
    require(actor, "disclosure.answer_requests", request)
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != RequestState.OPEN:
        invalid({"answer": [_("This request has been answered already.")]})
    if not answer.strip():
        invalid({"answer": [_("Write the answer.")]})
    request.answer, request.answered_on = answer.strip(), today()
    request.answered_by, request.state = actor, RequestState.ANSWERED
    request.save(update_fields=["answer", "answered_on", "answered_by", "state"])
    record(
        actor,
        request.agency,
        "info_request.answer",
        request,
        {"state": [RequestState.OPEN, RequestState.ANSWERED]},
    )
    return request
