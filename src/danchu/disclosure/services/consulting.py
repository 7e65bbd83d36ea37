"""Consultation of staff on drafts (Law 10/2022 Art. 53–55): the plan, comments on the whole
draft or one article (named, or anonymous where the plan allows), the owner's answers, and the
published summary."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.core.errors import invalid
from danchu.core.models import Agency, Membership, User
from danchu.core.services import require
from danchu.disclosure.models import (
    AnonymousParticipation,
    Answer,
    AudienceKind,
    Category,
    Comment,
    Consultation,
    ConsultationForm,
    ConsultationState,
    Publication,
    RegulationVersion,
    Topic,
)
from danchu.disclosure.services.common import (
    audience_errors,
    audience_members,
    org_of,
    record,
    today,
)
from danchu.disclosure.services.publishing import publication_create


@transaction.atomic
def consultation_create(
    *,
    actor: User | None,
    agency: Agency,
    topic: str,
    title: str,
    form: str,
    owner: User,
    opens_on: dt.date,
    closes_on: dt.date,
    version: RegulationVersion | None = None,
    draft: str = "",
    anonymous_allowed: bool = False,
    audience_kind: str = AudienceKind.ALL,
    audience_unit: Agency | None = None,
) -> Consultation:
    """The plan: topic (Art. 53), the draft (a regulation version or a text), form, audience,
    owner, and the period comments are open."""
    require(actor, "disclosure.consult", agency)
    org = org_of(agency)
    errors: dict[str, list[str]] = {}
    if topic not in Topic.values:
        errors["topic"] = [_("Choose what staff are consulted on.")]
    if form not in ConsultationForm.values:
        errors["form"] = [_("Choose how staff are consulted.")]
    if not title.strip():
        errors["title"] = [_("Give the consultation a title.")]
    if version is None and not draft.strip():
        errors["draft"] = [_("Give the draft: a regulation version or its text.")]
    if version is not None and version.regulation.agency_id != org.pk:
        errors["version"] = [_("The draft must be this organisation's.")]
    if closes_on < opens_on:
        errors["closes_on"] = [_("It closes after it opens.")]
    elif closes_on < today():
        errors["closes_on"] = [_("A consultation cannot close in the past.")]
    if (
        not Membership.objects.active(today())
        .filter(person=owner, agency__path__startswith=org.path)
        .exists()
    ):
        errors["owner"] = [_("The owner must work in this organisation.")]
    errors |= audience_errors(org, audience_kind, audience_unit, None)
    invalid(errors)
    consultation = Consultation.objects.create(
        agency=org,
        topic=topic,
        title=title.strip(),
        form=form,
        owner=owner,
        opens_on=opens_on,
        closes_on=closes_on,
        version=version,
        draft=draft.strip(),
        anonymous_allowed=anonymous_allowed,
        audience_kind=audience_kind,
        audience_unit=audience_unit if audience_kind == AudienceKind.UNIT else None,
    )
    record(actor, org, "consultation.create", consultation, {"closes_on": [None, closes_on]})
    return consultation


def participation_token(consultation: Consultation, person: User) -> str:
    """A keyed hash (HMAC-SHA256 with the application's secret key) of the consultation and
    the person: the same person gets the same token, and without the key the token names no
    one."""
    message = f"anonymous-comment:{consultation.pk}:{person.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _in_audience(consultation: Consultation, person: User) -> bool:
    members = audience_members(
        consultation.agency, consultation.audience_kind, consultation.audience_unit
    )
    return person in members


@transaction.atomic
def comment_add(
    *,
    actor: User,
    consultation: Consultation,
    text: str,
    article: str = "",
    anonymous: bool = False,
) -> Comment:
    """Comment on the whole draft (``article`` empty) or one article, while the consultation
    is open. An anonymous comment keeps no author, no time and no ordered id, and its audit
    event names no one; the person may make one."""
    require(actor, "disclosure.take_part", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    day = today()
    errors: dict[str, list[str]] = {}
    if consultation.state != ConsultationState.OPEN or not (
        consultation.opens_on <= day <= consultation.closes_on
    ):
        errors["text"] = [
            _("Comments are taken from %(a)s to %(b)s.")
            % {
                "a": consultation.opens_on.strftime("%d/%m/%Y"),
                "b": consultation.closes_on.strftime("%d/%m/%Y"),
            }
        ]
    if not text.strip():
        errors.setdefault("text", [_("Write your comment.")])
    labels = {a.label for a in consultation.articles if a.label}
    if article and article not in labels:
        errors["article"] = [_("The draft has no such article.")]
    if anonymous and not consultation.anonymous_allowed:
        errors["anonymous"] = [_("This consultation takes named comments only.")]
    if not _in_audience(consultation, actor):
        errors["__all__"] = [_("You are not among those consulted.")]
    invalid(errors)
    if anonymous:
        try:
            with transaction.atomic():
                AnonymousParticipation.objects.create(
                    consultation=consultation, token=participation_token(consultation, actor)
                )
        except IntegrityError:
            invalid({"anonymous": [_("You have already made your anonymous comment.")]})
        # No audit event here: its time would sit next to the person's own events (their
        # login) in the log. The count of anonymous comments is recorded when the summary is
        # published.
        return Comment.objects.create(
            consultation=consultation, article=article, text=text.strip(), made_on=day
        )
    comment = Comment.objects.create(
        consultation=consultation, article=article, text=text.strip(), author=actor, made_on=day
    )
    record(actor, consultation.agency, "consultation.comment", consultation, {"article": article})
    return comment


@transaction.atomic
def comment_answer(*, actor: User, comment: Comment, answer: str, reason: str = "") -> Comment:
    """The owner answers a comment: accepted, partly, or not accepted — with a reason unless
    accepted."""
    require(actor, "disclosure.answer_comments", comment.consultation)
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    errors: dict[str, list[str]] = {}
    if comment.consultation.state == ConsultationState.PUBLISHED:
        errors["answer"] = [_("The summary is published; answers can no longer change.")]
    if answer not in Answer.values:
        errors["answer"] = [_("Choose an answer.")]
    elif answer != Answer.ACCEPTED and not reason.strip():
        errors["reason"] = [_("Say why it is not (fully) accepted.")]
    invalid(errors)
    before = comment.answer
    comment.answer, comment.answer_reason, comment.answered_on = answer, reason.strip(), today()
    comment.save(update_fields=["answer", "answer_reason", "answered_on"])
    record(
        actor,
        comment.consultation.agency,
        "consultation.answer",
        comment.consultation,
        {"answer": [before or None, answer]},
    )
    return comment


@transaction.atomic
def consultation_publish(
    *,
    actor: User,
    consultation: Consultation,
    decision_number: str,
    channels: list[str],
    posted_until: dt.date | None = None,
    decision_date: dt.date | None = None,
) -> Publication:
    """Close the consultation and publish its summary — what was accepted and why not — as a
    publication of category 10, once comments are no longer taken (from the closing day) and
    every comment has its answer. The summary report's date starts the publication clock."""
    require(actor, "disclosure.answer_comments", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    errors: dict[str, list[str]] = {}
    if consultation.state == ConsultationState.PUBLISHED:
        errors["decision_number"] = [_("The summary is published already.")]
    if today() < consultation.closes_on:
        errors["__all__"] = [
            _("Comments are taken until %(d)s; the summary is published after that.")
            % {"d": consultation.closes_on.strftime("%d/%m/%Y")}
        ]
    unanswered = consultation.comments.filter(answer="").count()
    if unanswered:
        errors.setdefault("__all__", [])
        errors["__all__"] += [_("%(n)d comment(s) still have no answer.") % {"n": unanswered}]
    invalid(errors)
    publication = publication_create(
        actor=actor,
        agency=consultation.agency,
        category=Category.OPINIONS,
        title=f"Tổng hợp ý kiến: {consultation.title}",
        summary=_("%(n)d comments; %(a)d accepted, %(p)d partly, %(r)d not accepted.")
        % {
            "n": consultation.comments.count(),
            "a": consultation.comments.filter(answer=Answer.ACCEPTED).count(),
            "p": consultation.comments.filter(answer=Answer.PARTLY).count(),
            "r": consultation.comments.filter(answer=Answer.REJECTED).count(),
        },
        decision_number=decision_number,
        decision_date=decision_date or today(),
        signer=actor.get_full_name(),
        channels=channels,
        published_on=today(),
        posted_until=posted_until,
        consultation=consultation,
    )
    consultation.state = ConsultationState.PUBLISHED
    consultation.save(update_fields=["state"])
    record(
        actor,
        consultation.agency,
        "consultation.publish",
        consultation,
        {
            "state": [ConsultationState.OPEN, ConsultationState.PUBLISHED],
            "anonymous_comments": consultation.comments.filter(author__isnull=True).count(),
        },
    )
    return publication
