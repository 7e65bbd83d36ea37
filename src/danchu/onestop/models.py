"""The one-stop desk: procedures (versioned), dossiers on a working-day clock, handovers, slips,
ratings. Glossary: procedure = thủ tục hành chính, dossier = hồ sơ, slip = phiếu."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.counters import CounterBase
from danchu.core.models import Agency, Role


class Level(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCIAL = "provincial", _("Provincial")
    COMMUNAL = "communal", _("Communal")


class Procedure(models.Model):
    """A procedure of an agency's catalogue; its content lives in versions."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="procedures")
    code = models.CharField(_("national code"), max_length=40)
    current = models.ForeignKey(
        "ProcedureVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="procedure_code_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.current.name if self.current else ''}"


class ProcedureVersion(models.Model):
    """What a procedure required at one time. A dossier keeps the version it was received under."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=500)
    field = models.CharField(_("field"), max_length=200, db_index=True)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.PROVINCIAL
    )
    deciding_agency = models.CharField(_("deciding agency"), max_length=255)
    deadline_days = models.PositiveSmallIntegerField(_("legal deadline (working days)"))
    fee = models.PositiveBigIntegerField(_("fee (VND)"), default=0)
    online = models.BooleanField(_("offered online"), default=False)
    forms = models.TextField(_("forms"), blank=True)
    legal_bases = models.TextField(_("legal bases"), blank=True)
    # Folded (accent-free) code, name and field: the catalogue's search, with or without marks.
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("procedure version")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="procedure_version_unique"
            ),
            models.CheckConstraint(condition=Q(deadline_days__gt=0), name="procedure_deadline_gt0"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


class ProcedureForm(models.Model):
    """A form of a procedure (a declaration, an application template) that citizens download
    from the catalogue; checked by its content and stored under ``var/media``."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="form_files")
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="procedures/%Y/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("form to download")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CopyKind(models.TextChoices):
    ORIGINAL = "original", _("original")
    COPY = "copy", _("copy")
    CERTIFIED = "certified", _("certified copy")


class RequiredDocument(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="documents"
    )
    order = models.PositiveSmallIntegerField()
    name = models.CharField(_("document"), max_length=500)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    kind = models.CharField(
        _("kind"), max_length=12, choices=CopyKind.choices, default=CopyKind.ORIGINAL
    )

    class Meta:
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.name


class StepUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("working hours")


HOURS_PER_WORKING_DAY = 8


class ProcedureStep(models.Model):
    """One step of the internal process, with the role that does it and its allotted time."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(_("step"), max_length=255)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    allotted = models.PositiveSmallIntegerField(_("allotted time"))
    unit = models.CharField(
        _("unit"), max_length=12, choices=StepUnit.choices, default=StepUnit.WORKING_DAYS
    )

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="procedure_step_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def allotted_hours(self) -> int:
        if self.unit == StepUnit.HOURS:
            return self.allotted
        return self.allotted * HOURS_PER_WORKING_DAY


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    POST = "post", _("by post")


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("individual")
    ORGANISATION = "organisation", _("organisation")


class State(models.TextChoices):
    REFUSED_AT_INTAKE = "refused_at_intake", _("refused at intake")
    IN_PROGRESS = "in_progress", _("in progress")
    SUPPLEMENT = "supplement", _("waiting for a supplement")
    SUSPENDED = "suspended", _("suspended")
    APPROVED = "approved", _("result ready")
    REJECTED = "rejected", _("refused (with reasons)")
    RETURNED = "returned", _("returned to the applicant")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATES = (State.IN_PROGRESS, State.SUPPLEMENT, State.SUSPENDED)
AWAITING_RETURN = (State.APPROVED, State.REJECTED)  # decided, the result waiting at the desk
RESOLVED_STATES = (State.APPROVED, State.REJECTED, State.RETURNED)


class Timeliness(models.TextChoices):
    EARLY = "early", _("early")
    ON_TIME = "on_time", _("on time")
    LATE = "late", _("late")


class Dossier(models.Model):
    """A dossier received (or refused) at the one-stop desk of ``agency``."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dossiers")
    code = models.CharField(_("dossier code"), max_length=60, unique=True)
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="dossiers")
    version = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="+")
    applicant_kind = models.CharField(max_length=12, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_id = models.CharField(_("ID number or tax code"), max_length=20)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("email"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    documents = models.JSONField(_("documents received"), default=list)
    received_at = models.DateTimeField(_("received at"))
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS
    )
    # The legal due date from the calendar and the pauses; null while the clock is stopped.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    # The date promised to the applicant: the due date, or a later one from an apology slip.
    appointment_on = models.DateField(_("appointment"), null=True, blank=True)
    step_order = models.PositiveSmallIntegerField(default=0)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    division = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The handling officer who appraised it (statistics "by officer").
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_on = models.DateField(null=True, blank=True)
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)
    # Working days from receipt to resolution, paused days excluded (for average times).
    processing_days = models.PositiveIntegerField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    result_number = models.CharField(_("result document number"), max_length=80, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    # Set when the clock passes the due date while open (by the overdue job), for queues.
    overdue_notified_on = models.DateField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)  # optimistic lock for concurrent edits
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "idempotency_key"],
                name="dossier_idempotency_key",
                condition=Q(idempotency_key__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "received_on"]),
            # The unit's list of dossiers, newest first, read page by page through its cursor.
            models.Index(fields=["agency", "-received_at", "-id"], name="onestop_dossier_list_idx"),
            # The work queue's urgency groups, each read in due-date order up to a page: the
            # open dossiers, and the results waiting at the desk.
            models.Index(
                fields=["agency", "due_on", "id"],
                condition=models.Q(state__in=OPEN_STATES),
                name="onestop_queue_open_idx",
            ),
            models.Index(
                fields=["agency", "due_on", "id"],
                condition=models.Q(state__in=AWAITING_RETURN),
                name="onestop_queue_ready_idx",
            ),
            models.Index(fields=["agency", "resolved_on"]),
            models.Index(fields=["agency", "state", "due_on"]),
            models.Index(fields=["assignee", "state", "due_on"]),
            models.Index(fields=["division", "state", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.code


class Counter(CounterBase):
    """A per-unit counter that never repeats: the daily sequence of dossier codes
    (``dossier:2025-01-24``) and the yearly numbers of slips (``slip:receipt:2025``)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "key"], name="counter_key")]


class Pause(models.Model):
    """A time the dossier's clock stood still (a supplement request or a suspension)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=20)  # "supplement" or "suspension"
    stopped_on = models.DateField()
    resumed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["stopped_on", "id"]

    def __str__(self) -> str:
        return f"{self.reason} {self.stopped_on}–{self.resumed_on or '…'}"


class Handover(models.Model):
    """One line of the process-control slip: a step, who handed it over to whom, when it was
    due and when it finished."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="handovers")
    step_order = models.PositiveSmallIntegerField()
    step_name = models.CharField(max_length=255)
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField()
    due_on = models.DateField()
    finished_at = models.DateTimeField(null=True, blank=True)
    timeliness = models.CharField(max_length=8, choices=Timeliness.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["dossier", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} step {self.step_order}"


class SlipKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt and appointment slip")
    SUPPLEMENT = "supplement", _("Request to supplement the dossier")
    REFUSAL = "refusal", _("Refusal to accept the dossier")
    APOLOGY = "apology", _("Apology and new appointment")


class Slip(models.Model):
    """An official slip issued for a dossier, numbered per unit, kind and year."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="slips")
    kind = models.CharField(max_length=12, choices=SlipKind.choices)
    number = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}/{self.year}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    ACCEPTABLE = "acceptable", _("acceptable")
    UNSATISFIED = "unsatisfied", _("not satisfied")


class Rating(models.Model):
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="rating")
    satisfaction = models.CharField(max_length=12, choices=Satisfaction.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.satisfaction}"
