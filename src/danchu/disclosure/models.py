"""Publicity and consultation (Law 10/2022 Art. 46–48, 53–55): publications to staff on the
legal clock, the regulation system with versions and reviews, dissemination with read
confirmations, information requests, and consultations on drafts with answered comments.

Glossary: publication = nội dung công khai; regulation = quy chế; dissemination = quán triệt;
consultation = lấy ý kiến; comment = ý kiến góp ý.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from danchu.core.counters import CounterBase
from danchu.core.models import Agency


class Category(models.TextChoices):
    """The twelve groups of Law 10/2022 Art. 46 (the order of the article)."""

    POLICY = "policy", _("Policies and laws")
    PLANS = "plans", _("Annual, quarterly and monthly plans")
    BUDGET = "budget", _("Budget estimate, execution, accounts, State Audit follow-up")
    ASSETS = "assets", _("Public assets")
    INVESTMENT = "investment", _("Public investment")
    PERSONNEL = "personnel", _("Personnel decisions")
    INTEGRITY = "integrity", _("Corruption conclusions and asset declarations")
    INSPECTION = "inspection", _("Inspection, complaint and denunciation results")
    RULES = "rules", _("Internal rules and code of conduct")
    OPINIONS = "opinions", _("Summary of staff opinions and what was accepted")
    DIRECTIVES = "directives", _("Directives from above")
    OTHER = "other", _("Other")


class PublicationChannel(models.TextChoices):
    INTRANET = "intranet", _("Intranet")
    NOTICE_BOARD = "notice_board", _("Notice board")
    CONFERENCE = "conference", _("Conference or meeting")
    WRITTEN = "written", _("Written notice")
    DIVISIONS = "divisions", _("Through the divisions")
    UNION = "union", _("Through the trade union")
    PORTAL = "portal", _("Public portal, for citizens")


class AudienceKind(models.TextChoices):
    ALL = "all", _("All staff")
    UNIT = "unit", _("A unit")
    PEOPLE = "people", _("Named people")


class Audience(models.Model):
    """Who a publication, a dissemination or a consultation is for."""

    audience_kind = models.CharField(
        _("audience"), max_length=8, choices=AudienceKind.choices, default=AudienceKind.ALL
    )
    audience_unit = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )

    class Meta:
        abstract = True


class Publication(Audience):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="publications")
    number = models.PositiveIntegerField(_("register number"))
    year = models.PositiveSmallIntegerField()
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=255)
    channels = models.JSONField(_("channels"), default=list)
    audience_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people")
    )
    published_on = models.DateField(_("published on"))
    posted_until = models.DateField(_("posted until"), null=True, blank=True)
    due_on = models.DateField(_("publish by"))
    late_days = models.PositiveSmallIntegerField(_("working days late"), default=0)
    short_posting = models.BooleanField(_("posted too short"), default=False)
    version = models.ForeignKey(
        "RegulationVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    consultation = models.ForeignKey(
        "Consultation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    # Published on the public portal too (the "portal" channel), kept as a column to filter on.
    public = models.BooleanField(default=False, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="publication_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "category", "published_on"]),
            models.Index(fields=["agency", "public", "published_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} {self.title[:60]}"

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(PublicationChannel.choices)
        return [str(labels.get(c, c)) for c in self.channels]

    @property
    def is_late(self) -> bool:
        return self.late_days > 0

    @property
    def breach(self) -> bool:
        return self.is_late or self.short_posting


class PublicationFile(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="disclosure/%Y/")
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("attached file")

    def __str__(self) -> str:
        return self.name


class RegulationKind(models.TextChoices):
    WORKING_RULES = "working_rules", _("Working rules")
    INTERNAL_SPENDING = "internal_spending", _("Internal spending rules")
    FINANCIAL = "financial", _("Financial management rules")
    PUBLIC_ASSETS = "public_assets", _("Public asset management rules")
    QCDC = "qcdc", _("Grassroots democracy rules of the unit")
    CONDUCT = "conduct", _("Code of conduct")
    OTHER = "other", _("Other rules")


class Regulation(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="regulations")
    kind = models.CharField(_("kind"), max_length=20, choices=RegulationKind.choices)
    title = models.CharField(_("title"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("regulation")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


ARTICLE = re.compile(r"^\s*(Điều\s+\d+[a-z]?)\.?\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Article:
    label: str  # "Điều 3"
    heading: str
    body: str

    @property
    def key(self) -> str:
        return self.label.lower().replace(" ", "")


def parse_articles(text: str) -> list[Article]:
    """The articles of a regulation's text: a line starting "Điều N." opens one; what comes
    before the first is the preamble (label "")."""
    articles: list[Article] = []
    label, heading = "", ""
    body: list[str] = []
    for line in text.splitlines():
        match = ARTICLE.match(line)
        if match:
            if label or "".join(body).strip():
                articles.append(Article(label, heading, "\n".join(body).strip()))
            label, heading, body = match.group(1), match.group(2).strip(), []
        else:
            body.append(line)
    if label or "".join(body).strip():
        articles.append(Article(label, heading, "\n".join(body).strip()))
    return articles


class RegulationVersion(models.Model):
    regulation = models.ForeignKey(Regulation, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    effective_from = models.DateField(_("in force from"))
    text = models.TextField(_("full text"))
    change_summary = models.TextField(_("what changed"), blank=True)
    review_on = models.DateField(_("review by"))
    consultation = models.ForeignKey(
        "Consultation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("follows the consultation"),
    )
    search_text = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("regulation version")
        ordering = ["regulation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="version_number_unique")
        ]

    def __str__(self) -> str:
        return gettext("%(title)s, version %(n)s") % {
            "title": self.regulation.title,
            "n": self.number,
        }

    @property
    def agency(self) -> Agency:
        return self.regulation.agency

    @property
    def articles(self) -> list[Article]:
        return parse_articles(self.text)


class Dissemination(models.Model):
    """A requirement that everyone in the audience confirms they read a publication, a
    regulation version, or a document from above."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="disseminations")
    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        RegulationVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disseminations",
    )
    document_title = models.CharField(_("document from above"), max_length=500, blank=True)
    document_number = models.CharField(_("its number"), max_length=60, blank=True)
    confirm_by = models.DateField(_("confirm by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dissemination")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.version_id:
            return str(self.version)
        if self.publication_id:
            return self.publication.title if self.publication else ""
        return self.document_title


class ReadConfirmation(models.Model):
    """One person of a dissemination's audience, in the unit they worked in then."""

    dissemination = models.ForeignKey(
        Dissemination, on_delete=models.CASCADE, related_name="readers"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("read confirmation")
        constraints = [
            models.UniqueConstraint(fields=["dissemination", "person"], name="one_reader_once")
        ]

    def __str__(self) -> str:
        return f"{self.dissemination_id}:{self.person_id}"


class RequestState(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


class InformationRequest(models.Model):
    """A staff member asks for information that is not published, expired or unreachable."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="info_requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("what you ask for"), max_length=500)
    details = models.TextField(_("details"), blank=True)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("answer by"))
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("information request")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.subject


class Topic(models.TextChoices):
    """What staff are consulted on (Law 10/2022 Art. 53)."""

    POLICY = "policy", _("Implementing policies and laws")
    PLAN = "plan", _("The annual work plan")
    EMULATION = "emulation", _("Emulation and rewards")
    REVIEW = "review", _("Reviews and assessments")
    METHODS = "methods", _("Working methods")
    INTEGRITY = "integrity", _("Anti-corruption measures")
    PERSONNEL = "personnel", _("Recruitment, training and appointment plans")
    BENEFITS = "benefits", _("Staff benefits")
    QCDC = "qcdc", _("The unit's draft grassroots democracy rules")
    SPENDING = "spending", _("The draft internal spending rules")
    RULES = "rules", _("Other draft rules")


class ConsultationForm(models.TextChoices):
    WRITTEN = "written", _("Written comments in the system")
    MEETING = "meeting", _("At a meeting")
    INTRANET = "intranet", _("On the intranet")


class ConsultationState(models.TextChoices):
    OPEN = "open", pgettext_lazy("consultation", "Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Summary published")


class Consultation(Audience):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="consultations")
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    title = models.CharField(_("title"), max_length=500)
    version = models.ForeignKey(
        RegulationVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("draft version"),
    )
    draft = models.TextField(_("draft text"), blank=True)
    form = models.CharField(_("form"), max_length=10, choices=ConsultationForm.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    anonymous_allowed = models.BooleanField(_("anonymous comments allowed"), default=False)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ConsultationState.choices,
        default=ConsultationState.OPEN,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="consultation_period"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def articles(self) -> list[Article]:
        return parse_articles(self.version.text if self.version else self.draft)


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    REJECTED = "rejected", _("Not accepted")


class Comment(models.Model):
    """A comment on a draft, or on one of its articles. An anonymous comment has no author and
    a random id and only the day it was made: nothing stored links it to a person (the fact
    that someone commented anonymously is in ``AnonymousParticipation``, apart)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    article = models.CharField(_("article"), max_length=40, blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    made_on = models.DateField()
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answer_reason = models.TextField(_("reason"), blank=True)
    answered_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        ordering = ["article", "made_on", "text"]  # never by id: ids carry no order

    def __str__(self) -> str:
        return self.text[:60]


class AnonymousParticipation(models.Model):
    """That someone has used their one anonymous comment on a consultation. The row holds a
    keyed hash of (consultation, person) — ``participation_token`` — not the person: the
    database alone cannot tell who has commented, still less which comment is whose, and the
    unique constraint keeps it to one each."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participations"
    )
    token = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("anonymous participation")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "token"], name="one_anonymous_comment_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}"


class Counter(CounterBase):
    """Per-unit sequences (register numbers of publications)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="disclosure_counter_unique")
        ]
