"""Work plans and tasks with one accountable lead ("5 rõ": clear person, task, time,
responsibility, deliverable, process), from any source: a plan, a conference resolution, a
recommendation of the People's Inspection Board, an inspection's conclusion, a dialogue.

Glossary: plan = kế hoạch; action programme = chương trình hành động; task = nhiệm vụ;
lead = đầu mối chủ trì; support = phối hợp; assigner = người giao; deliverable = sản phẩm;
extension = gia hạn; assessment = đánh giá.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.counters import CounterBase
from danchu.core.models import Agency
from danchu.core.text import fold


class Counter(CounterBase):
    class Meta:
        verbose_name = _("task number sequence")
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="tasks_counter_unique")
        ]


class PlanKind(models.TextChoices):
    ANNUAL = "annual", _("Annual work plan")
    PROGRAMME = "programme", _("Action programme")
    QUARTER = "quarter", _("Quarterly plan")
    MONTH = "month", _("Monthly plan")


class Plan(models.Model):
    """A plan of the organisation: the year's plan with its theme, its action programmes, and
    quarterly and monthly plans. Each is published to staff (Law 10/2022 Art. 46, group 2)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="plans")
    kind = models.CharField(_("kind"), max_length=12, choices=PlanKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # The quarter (1–4) or the month (1–12); 0 for a year's plan or a programme.
    period = models.PositiveSmallIntegerField(_("period"), default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    title = models.CharField(_("title"), max_length=500)
    theme = models.CharField(_("theme of the year"), max_length=500, blank=True)
    decision_number = models.CharField(_("document number"), max_length=60, blank=True)
    decision_date = models.DateField(_("document date"), null=True, blank=True)
    # The publication to staff in the disclosure register (its id there).
    publication_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "kind", "period", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=["annual", "programme"]) & Q(period=0))
                | (Q(kind="quarter") & Q(period__gte=1, period__lte=4))
                | (Q(kind="month") & Q(period__gte=1, period__lte=12)),
                name="plan_period_matches_kind",
            )
        ]
        indexes = [models.Index(fields=["agency", "year"])]

    def __str__(self) -> str:
        return self.title


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", _("In progress")
    SUBMITTED = "submitted", _("Completion submitted")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = (TaskState.ASSIGNED, TaskState.SUBMITTED)


class SourceKind(models.TextChoices):
    PLAN = "plan", _("Work plan")
    RESOLUTION = "resolution", _("Conference resolution")
    RECOMMENDATION = "recommendation", _("Inspection board's recommendation")
    INSPECTION = "inspection", _("Inspection conclusion")
    DIALOGUE = "dialogue", _("Dialogue commitment")
    DIRECTION = "direction", _("Leader's direction")


class Quality(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Not achieved")


class Task(models.Model):
    """One task, one accountable lead: a person or a unit, never both, never none."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="tasks")
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source_kind = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    # The record the task comes from in its app (a recommendation, a resolution…).
    source_id = models.PositiveIntegerField(null=True, blank=True)
    source_label = models.CharField(_("source document"), max_length=255, blank=True)
    title = models.CharField(_("task"), max_length=500)
    description = models.TextField(_("what is to be done"), blank=True)
    deliverable = models.CharField(_("deliverable"), max_length=500)
    authority = models.CharField(_("authority (document, article)"), max_length=255)
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks_led",
    )
    lead_unit = models.ForeignKey(
        Agency,
        verbose_name=_("lead (unit)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks_led",
    )
    # The unit answering for the task in the figures: the lead unit, or the lead person's
    # workplace when the task was given.
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", editable=False)
    assigner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="tasks_assigned",
    )
    assigned_on = models.DateField(_("assigned on"))
    start_on = models.DateField(_("start"))
    due_on = models.DateField(_("deadline"))
    original_due_on = models.DateField(_("first deadline"), editable=False)
    # Set when the deadline was given as a number of working days from the start.
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=TaskState.choices, default=TaskState.ASSIGNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    submitted_on = models.DateField(_("completion submitted on"), null=True, blank=True)
    completion_note = models.TextField(_("completion report"), blank=True)
    done_on = models.DateField(_("accepted on"), null=True, blank=True)
    # Fixed at acceptance: the completion was submitted by the deadline in force.
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    quality = models.CharField(_("quality"), max_length=10, choices=Quality.choices, blank=True)
    assessment = models.TextField(_("assessment"), blank=True)
    returned_count = models.PositiveSmallIntegerField(default=0, editable=False)
    # The code, title and deliverable without accents, in lower case, for search.
    search_text = models.CharField(max_length=1200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(lead_person__isnull=False) & Q(lead_unit__isnull=True))
                | (Q(lead_person__isnull=True) & Q(lead_unit__isnull=False)),
                name="task_has_exactly_one_lead",
                violation_error_message=_("A task has exactly one lead: a person or a unit."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("start_on")),
                name="task_due_after_start",
                violation_error_message=_("The deadline cannot be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="task_progress_at_most_100"
            ),
            models.UniqueConstraint(fields=["agency", "year", "number"], name="task_number"),
        ]
        indexes = [
            models.Index(fields=["agency", "state", "due_on"]),
            models.Index(fields=["lead_person", "state"]),
            models.Index(fields=["lead_unit", "state"]),
            models.Index(fields=["source_kind", "source_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.code} {self.title} {self.deliverable}")[:1200]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "deliverable"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        return f"NV-{self.year}-{self.number:04d}"

    @property
    def lead_label(self) -> str:
        return str(self.lead_person or self.lead_unit)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class TaskSupport(models.Model):
    """A person or a unit that supports the lead (phối hợp)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks_supported",
    )
    unit = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks_supported"
    )

    class Meta:
        verbose_name = _("supporting party")
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="task_support_one_party",
            )
        ]

    def __str__(self) -> str:
        return str(self.person or self.unit)


class TaskStep(models.Model):
    """A step of the task's process (optional)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("step"), max_length=255)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task step")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["task", "order"], name="task_step_order")]

    def __str__(self) -> str:
        return self.title


class TaskUpdate(models.Model):
    """A progress report of the lead or a supporter, with evidence files."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    on = models.DateField(_("date"))
    note = models.TextField(_("progress"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))

    class Meta:
        verbose_name = _("progress report")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.note[:60]


class TaskFile(models.Model):
    update = models.ForeignKey(TaskUpdate, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="tasks/%Y/")
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("evidence file")

    def __str__(self) -> str:
        return self.name


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class Extension(models.Model):
    """A request to move the deadline, decided by the assigner."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("requested on"))
    old_due_on = models.DateField(_("deadline before"))
    new_due_on = models.DateField(_("new deadline asked"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("request for more time")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="pending"),
                name="one_pending_extension_per_task",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.new_due_on}"
