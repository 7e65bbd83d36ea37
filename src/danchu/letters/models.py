"""Citizen reception and letters (tiếp công dân, đơn thư): reception sessions and the visit
register, letters with their classification, eligibility, statutory clocks and outcome, and the
identity vault that keeps a denouncer's (or a protected person's) identity apart and encrypted.

Glossary: visit = lượt tiếp; letter = đơn; petition/report = kiến nghị, phản ánh; complaint =
khiếu nại; denunciation = tố cáo; acceptance = thụ lý; vault = nơi giữ bí mật danh tính.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.counters import CounterBase
from danchu.core.models import Agency


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Regular reception")
    HEAD = "head", _("The head's reception day")
    ADHOC = "adhoc", _("Ad-hoc reception")


class ReceptionSession(models.Model):
    """A reception session: the regular desk, the head's own day (Law 42/2013 Art. 18: at least
    one day a month) or an ad-hoc session."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reception_sessions")
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reception session")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["agency", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


# Five or more people on one matter are a group (đoàn đông người) that names representatives
# (Law 42/2013 Art. 30).
GROUP_SIZE = 5
MAX_PEOPLE = 1000


class Visit(models.Model):
    """One entry of the reception register (Law 42/2013 Art. 25)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="visits")
    session = models.ForeignKey(
        ReceptionSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("session"),
    )
    number = models.PositiveIntegerField(_("register number"))
    year = models.PositiveSmallIntegerField()
    received_on = models.DateField(_("date"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    people_count = models.PositiveSmallIntegerField(_("people received"), default=1)
    # Names and addresses of the citizens; empty when they are protected (kept in the vault).
    visitors = models.TextField(_("citizens"), blank=True)
    representatives = models.TextField(_("representatives"), blank=True)
    protected = models.BooleanField(_("identity protected"), default=False)
    matter = models.TextField(_("matter"))
    documents = models.TextField(_("documents handed in"), blank=True)
    answer = models.TextField(_("answer or promise"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    answer_due_on = models.DateField(_("answer due"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="visit_number_unique"
            ),
            models.CheckConstraint(condition=Q(people_count__gte=1), name="visit_people_positive"),
        ]
        indexes = [models.Index(fields=["agency", "received_on"])]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def is_group(self) -> bool:
        return self.people_count >= GROUP_SIZE


class Channel(models.TextChoices):
    VISIT = "visit", _("At a reception")
    POST = "post", _("By post")
    DIRECT = "direct", _("Handed in")
    PORTAL = "portal", _("Public portal")
    EMAIL = "email", _("Email")
    FORWARDED = "forwarded", _("Forwarded by another body")


class Kind(models.TextChoices):
    UNCLASSIFIED = "unclassified", _("Not classified yet")
    PETITION = "petition", _("Petition / report")
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    MIXED = "mixed", _("Mixed (split into parts)")


class Instance(models.TextChoices):
    FIRST = "first", _("First instance")
    SECOND = "second", _("Second instance")


class ComplaintSubject(models.TextChoices):
    DECISION = "decision", _("An administrative decision")
    ACT = "act", _("An administrative act")
    DISCIPLINE = "discipline", _("A disciplinary decision on staff")


class Eligibility(models.TextChoices):
    PENDING = "pending", _("Not checked yet")
    ELIGIBLE = "eligible", _("Eligible")
    NOT_COMPETENT = "not_competent", _("Not within our competence")
    ANONYMOUS = "anonymous", _("Anonymous")
    DUPLICATE = "duplicate", _("Duplicate of an earlier letter")
    OUT_OF_TIME = "out_of_time", _("Out of time")
    SETTLED = "settled", _("Already settled")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    ACCEPTED = "accepted", _("Being resolved")
    SUSPENDED = "suspended", _("Suspended")
    SPLIT = "split", _("Split into parts")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", pgettext_lazy("letter", "Withdrawn")
    FORWARDED = "forwarded", _("Forwarded")
    CLOSED = "closed", _("Closed without handling")


OPEN_STATES = (State.RECEIVED, State.CLASSIFIED, State.ACCEPTED, State.SUSPENDED)
SETTLED_STATES = (
    State.ANSWERED,
    State.RESOLVED,
    State.WITHDRAWN,
    State.FORWARDED,
    State.CLOSED,
)


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    ESPECIALLY = "especially", _("Especially complex")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class Letter(models.Model):
    """A letter (đơn) and its case. A protected letter keeps its signatories and its original
    text in the vault; ``content`` is then the redacted copy the system made."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="letters")
    code = models.CharField(_("code"), max_length=60, unique=True)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    source_body = models.CharField(_("forwarded by"), max_length=255, blank=True)
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        verbose_name=_("part of"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    matter = models.CharField(_("matter"), max_length=500)
    content = models.TextField(_("content"), blank=True)
    signatory_count = models.PositiveSmallIntegerField(_("signatories"), default=1)
    protected = models.BooleanField(_("identity protected"), default=False)
    # Files sealed in the vault with a protected letter's identity: staff see that they exist.
    sealed_files = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField(
        _("kind"), max_length=14, choices=Kind.choices, default=Kind.UNCLASSIFIED
    )
    instance = models.CharField(_("instance"), max_length=8, choices=Instance.choices, blank=True)
    complaint_subject = models.CharField(
        _("complaint about"), max_length=12, choices=ComplaintSubject.choices, blank=True
    )
    contested_act = models.TextField(_("contested decision or act"), blank=True)
    known_on = models.DateField(_("known of the decision or act on"), null=True, blank=True)
    eligibility = models.CharField(
        _("eligibility"), max_length=14, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_note = models.TextField(_("eligibility note"), blank=True)
    multi_place = models.BooleanField(_("verification spans several places"), default=False)
    remote = models.BooleanField(_("remote area"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    # The first deadline: classification and acceptance (complaint), initial handling
    # (denunciation), the answer (petition).
    handling_due_on = models.DateField(_("handling due"), null=True, blank=True)
    forward_due_on = models.DateField(_("forwarding due"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=255, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    forward_slip_number = models.PositiveIntegerField(null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    acceptance_number = models.CharField(_("acceptance notice"), max_length=60, blank=True)
    complexity = models.CharField(
        _("complexity"), max_length=12, choices=Complexity.choices, default=Complexity.NORMAL
    )
    complexity_reason = models.TextField(_("why it is complex"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_handled",
        verbose_name=_("handling officer"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_led",
        verbose_name=_("accountable leader"),
    )
    outcome_number = models.CharField(_("outcome document"), max_length=60, blank=True)
    outcome_date = models.DateField(_("outcome document date"), null=True, blank=True)
    outcome_summary = models.TextField(_("outcome"), blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=8, choices=Timeliness.choices, blank=True
    )
    publish_due_on = models.DateField(_("publish the conclusion by"), null=True, blank=True)
    published_on = models.DateField(_("conclusion published on"), null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Folded (accent-free) code, matter, redacted content and unprotected signatories.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("letter")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="letter_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "received_on"]),
            models.Index(fields=["agency", "state", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def current_due_on(self):  # type: ignore[no-untyped-def]
        """The date that matters now: resolution once accepted, else the first handling."""
        return self.due_on if self.accepted_on else self.handling_due_on


def _stored_name(instance: Any, filename: str) -> str:
    """A random name on disk, keeping only the suffix: the name a citizen gave a file (often
    theirs) is kept in the row, never in the file system, its logs or its backups."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"letters/{timezone.now():%Y}/{uuid.uuid4().hex}{suffix}"


class LetterFile(models.Model):
    """A scan or attachment of an unprotected letter, checked by its content and stored under
    ``var/media`` (no URL serves it: staff who may read the letter download it). A protected
    letter's files are sealed in the vault instead."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to=_stored_name)

    class Meta:
        verbose_name = _("attached file")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Signatory(models.Model):
    """A signatory of an unprotected letter (a protected letter keeps them in the vault)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatories")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("full name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_representative = models.BooleanField(_("representative"), default=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class LetterPause(models.Model):
    """A suspension: the clock stops on ``stopped_on`` and resumes on ``resumed_on``."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="pauses")
    stopped_on = models.DateField(_("suspended on"))
    resumed_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    decision_number = models.CharField(_("decision"), max_length=60)

    class Meta:
        ordering = ["stopped_on", "id"]

    def __str__(self) -> str:
        return f"{self.stopped_on:%d/%m/%Y}–{self.resumed_on or ''}"


class Extension(models.Model):
    """An extension of the resolution time, by a written decision."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="extensions")
    decision_number = models.CharField(_("decision"), max_length=60)
    decided_on = models.DateField(_("decided on"))
    reason = models.TextField(_("reason"))
    new_due_on = models.DateField(_("new due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return self.decision_number


class SealedIdentity(models.Model):
    """The vault: people, original text and scans of a protected letter or visit, encrypted
    with the vault keys (Fernet). Only ``danchu.letters.vault`` reads or writes ``token``."""

    letter = models.OneToOneField(
        Letter, null=True, blank=True, on_delete=models.CASCADE, related_name="sealed"
    )
    visit = models.OneToOneField(
        Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="sealed"
    )
    token = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sealed identity")
        constraints = [
            models.CheckConstraint(
                condition=Q(letter__isnull=False) | Q(visit__isnull=False),
                name="sealed_identity_has_owner",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class VaultDesignation(models.Model):
    """A person the head designated to open a letter's vault."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="designations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    designated_at = models.DateTimeField()
    reason = models.TextField(_("reason"))
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["designated_at", "id"]

    def __str__(self) -> str:
        return f"{self.letter_id}:{self.person_id}"


class VaultOpening(models.Model):
    """Each opening of a vault, with its reason; shown to the head and the inspection board."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="openings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    opened_at = models.DateTimeField()

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.letter_id}:{self.person_id}"


class Counter(CounterBase):
    """Per-unit sequences (letter codes per year, register numbers, forwarding slips)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="letters_counter_unique")
        ]
