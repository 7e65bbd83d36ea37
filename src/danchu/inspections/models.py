"""The city steering committee's inspections of how its units implement QCDC.

The committee keeps a checklist of criteria (grouped like the seeds' reports), makes a yearly
plan of inspections and adds surprise ones at any time. A periodic inspection is announced to
the unit, which gets a self-report drafted from its own records; a surprise inspection is
unknown to the unit until it starts. The delegation records a finding per criterion, then a
conclusion with requirements; each requirement is a task with one lead in the unit. The
committee closes the inspection when every requirement's task is done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.counters import CounterBase
from danchu.core.models import Agency


class Counter(CounterBase):
    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="inspections_counter_unique")
        ]


class Group(models.TextChoices):
    """The headings of the seeds' reports, in their order."""

    LEADERSHIP = "leadership", _("Leadership and dissemination")
    REGULATIONS = "regulations", _("The regulation system")
    PUBLICITY = "publicity", pgettext_lazy("criterion group", "Publicity")
    CONSULTATION = "consultation", pgettext_lazy("criterion group", "Consultation")
    CONFERENCE = "conference", _("The staff conference")
    DIALOGUE = "dialogue", _("Dialogue")
    BOARD = "board", _("The People's Inspection Board")
    ONESTOP = "onestop", _("Administrative reform and the one-stop desk")
    RECEPTION = "reception", _("Citizen reception and letters")
    TASKS = "tasks", _("Task assignment")


# The figure sections (core.figures) a group's criteria are judged on.
GROUP_SECTIONS: dict[str, tuple[str, ...]] = {
    Group.LEADERSHIP: ("dissemination",),
    Group.REGULATIONS: ("regulations",),
    Group.PUBLICITY: ("publicity",),
    Group.CONSULTATION: ("consultation",),
    Group.CONFERENCE: ("conference",),
    Group.DIALOGUE: ("dialogue",),
    Group.BOARD: ("board",),
    Group.ONESTOP: ("onestop",),
    Group.RECEPTION: ("reception",),
    Group.TASKS: ("tasks",),
}


# The groups in the order of the seeds' reports, for ordering criteria: codes read 1.1 … 10.2
# (as text, "10.1" sorts before "2.1").
GROUP_ORDER = models.Case(
    *[models.When(group=g, then=models.Value(i)) for i, g in enumerate(Group.values)],
    output_field=models.IntegerField(),
)


class Scoring(models.TextChoices):
    MET = "met", _("Met, partly met or not met")
    POINTS = "points", _("Points out of a maximum")


class Criterion(models.Model):
    """A line of the committee's checklist: what is checked, what evidence satisfies it and
    how it is scored."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    code = models.CharField(_("code"), max_length=12)
    title = models.CharField(_("criterion"), max_length=500)
    evidence = models.TextField(_("evidence that satisfies it"))
    scoring = models.CharField(_("scoring"), max_length=8, choices=Scoring.choices)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    guide = models.TextField(_("how it is scored"))
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="criterion_code_unique"),
            models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_has_points"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Plan(models.Model):
    """The committee's plan of inspections for a year."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    decision_number = models.CharField(_("document number"), max_length=60, blank=True)
    decision_date = models.DateField(_("document date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="inspection_plan_year_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Kind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    SURPRISE = "surprise", _("Surprise")


class State(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ANNOUNCED = "announced", _("Announced to the unit")
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded, requirements followed up")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# What the inspected unit sees: a periodic inspection from its announcement, a surprise one
# only from its start.
VISIBLE_TO_UNIT = Q(kind=Kind.PERIODIC, state__in=[State.ANNOUNCED]) | Q(
    state__in=[State.IN_PROGRESS, State.CONCLUDED, State.CLOSED]
)


class Inspection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="inspections")
    committee = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    # The inspected unit.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("inspected unit")
    )
    number = models.PositiveIntegerField(editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PLANNED
    )
    scheduled_on = models.DateField(_("date of the inspection"))
    period_start = models.DateField(_("report period from"))
    period_end = models.DateField(_("report period to"))
    scope_note = models.TextField(_("content of the inspection"), blank=True)
    criteria = models.ManyToManyField(Criterion, related_name="+", verbose_name=_("criteria"))
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    conclusion_number = models.CharField(_("conclusion number"), max_length=60, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="inspection_number_unique"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="inspection_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["agency", "state"])]

    def __str__(self) -> str:
        return f"{self.plan.year}/{self.number} — {self.agency}"


class Member(models.Model):
    """A member of the delegation; exactly one leads it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_leader = models.BooleanField(_("leader"), default=False)

    class Meta:
        ordering = ["-is_leader", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "person"], name="member_once"),
            models.UniqueConstraint(
                fields=["inspection"], condition=Q(is_leader=True), name="one_leader"
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class SelfReport(models.Model):
    """The unit's report to the delegation: figures computed from its records for the
    inspection's period (frozen when submitted), prose written around them."""

    inspection = models.OneToOneField(
        Inspection, on_delete=models.CASCADE, related_name="self_report"
    )
    # [{"key", "title", "figures": [{"key", "label", "value", "kind", "shown"}]}]
    figures = models.JSONField(default=list, editable=False)
    computed_at = models.DateTimeField(editable=False)
    # {"overview": text, "<section key>": text, "proposals": text}
    prose = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return str(self.inspection)


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("assessment"), max_length=8, choices=Rating.choices)
    points = models.PositiveSmallIntegerField(_("points"))
    note = models.TextField(_("what the delegation found"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__code"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "criterion"], name="finding_once")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.get_rating_display()}"


# A requirement is followed until its task is done, or withdrawn by the committee (its task
# cancelled); the unit itself can neither cancel nor extend it.
SETTLED_TASK_STATES = ("done", "cancelled")


class Requirement(models.Model):
    """A requirement of the conclusion, followed through its task in the unit."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="requirements"
    )
    number = models.PositiveSmallIntegerField()
    group = models.CharField(_("group"), max_length=16, choices=Group.choices, blank=True)
    text = models.TextField(_("requirement"))
    task = models.OneToOneField(
        "tasks.Task", on_delete=models.PROTECT, related_name="+", verbose_name=_("task")
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "number"], name="requirement_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"
