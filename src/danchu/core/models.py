"""Organisation, people and roles, the working-day calendar overlay, rules in force, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.text import fold, name_sort_key


class AgencyKind(models.TextChoices):
    CITY = "city", _("City / province")
    COMMITTEE = "committee", _("Steering committee")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division")
    SUBUNIT = "subunit", _("Subordinate unit")
    COMMUNE = "commune", _("Commune / ward")
    OTHER = "other", _("Other")


# Kinds that are an organisation of their own: their staff see their whole subtree.
ORGANISATION_KINDS = frozenset({AgencyKind.CITY, AgencyKind.DEPARTMENT, AgencyKind.COMMUNE})


class Agency(models.Model):
    """A node of the agency tree. Depth is free: the tree assumes no fixed levels.

    ``path`` is a materialised path of zero-padded ids ("000001.000004.") so that a subtree is
    one indexed ``LIKE 'prefix%'`` and scoping needs no recursive query. It is set by
    ``agency_create`` / ``agency_move`` only.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # The organisation this node belongs to (itself for a department, city or commune).
    organisation = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["path"]
        indexes = [models.Index(fields=["organisation", "kind"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = f"{fold(self.name)} {fold(self.short_name)} {self.code.lower()}"
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "short_name", "code"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_organisation(self) -> bool:
        return self.kind in ORGANISATION_KINDS

    def ancestors_and_self_paths(self) -> list[str]:
        parts = self.path.split(".")[:-1]
        return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


class User(AbstractUser):
    """A person with an account. Names are Vietnamese full names, kept in one field."""

    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Derived on save: the unaccented name for search, and the Vietnamese sort key.
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    sort_key = models.CharField(max_length=320, blank=True, editable=False, db_index=True)
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Two-factor login (danchu.core.twofactor): the TOTP secret, encrypted; when it was
    # confirmed; the time step of the last code accepted (a code is good once).
    totp_secret = models.CharField(max_length=200, blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    totp_last_step = models.BigIntegerField(default=0, editable=False)

    REQUIRED_FIELDS: ClassVar[list[str]] = ["email", "full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = f"{fold(self.full_name)} {self.username.lower()}"
        self.sort_key = name_sort_key(self.full_name or self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"full_name", "username"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text", "sort_key"}
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    DIVISION_HEAD = "division_head", _("Division head")
    STAFF = "staff", _("Staff")
    UNION_EXECUTIVE = "union_executive", _("Union executive")
    BOARD_MEMBER = "board_member", _("People's Inspection Board member")
    STEERING_MEMBER = "steering_member", _("Steering committee member")
    ONESTOP_OFFICER = "onestop_officer", _("One-stop desk officer")
    HANDLING_OFFICER = "handling_officer", _("Handling officer")
    PETITIONS_OFFICER = "petitions_officer", _("Citizen reception and petitions officer")
    SYSADMIN = "sysadmin", _("System administrator")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Membership(models.Model):
    """A role a person holds in a unit from ``start`` to ``end`` (inclusive, open-ended if null)."""

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    position = models.CharField(_("position"), max_length=120, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    # Decision or election record the membership rests on (e.g. the board's election minutes).
    basis = models.CharField(_("basis"), max_length=255, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["agency__path", "role", "person__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
                violation_error_message=_("A membership cannot end before it starts."),
            )
        ]
        indexes = [models.Index(fields=["person", "role"]), models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.agency}"


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "off", _("Extra day off")
    WORKING_DAY = "work", _("Extra working day")


class AgencyCalendarDay(models.Model):
    """A day an agency adds to the national calendar by decision; applies to its subtree."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="calendar_days")
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=4, choices=CalendarDayKind.choices)
    decision = models.CharField(_("decision"), max_length=255)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("agency calendar day")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="calendar_day_unique_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}"


class ClockUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    MONTHS = "months", _("months")


class ClockBound(models.TextChoices):
    DEADLINE = "deadline", _("at most (a deadline)")
    MINIMUM = "minimum", _("at least (a minimum period)")


class ClockRule(models.Model):
    """A legal clock: what it applies to, how long, from what, and on which legal basis.

    Statutory rules have no agency. An agency's own rule for the same ``code`` must be stricter
    (checked by ``clock_rule_add``). The rule in force on the day a clock starts governs it.
    """

    code = models.CharField(_("code"), max_length=80, db_index=True)
    applies_to = models.CharField(_("applies to"), max_length=255)
    # 0: the length is set per case (e.g. each procedure's legal deadline at the one-stop desk).
    length = models.PositiveIntegerField(_("length"))
    unit = models.CharField(_("unit"), max_length=20, choices=ClockUnit.choices)
    start_event = models.CharField(_("starts at"), max_length=255)
    pausable = models.BooleanField(_("can be paused"), default=False)
    # A deadline may be shortened by an agency; a minimum period (notice, posting, the time a
    # citizen has to complain) may only be lengthened.
    bound = models.CharField(
        _("bound"), max_length=10, choices=ClockBound.choices, default=ClockBound.DEADLINE
    )
    # After a pause, count the whole length again from the resumption instead of going on.
    restarts_after_pause = models.BooleanField(_("restarts after a pause"), default=False)
    max_extensions = models.PositiveSmallIntegerField(_("extensions allowed"), default=0)
    extension_length = models.PositiveIntegerField(_("length of one extension"), default=0)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    article = models.CharField(_("article"), max_length=80, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="clock_rules",
        verbose_name=_("agency"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clock rule")
        verbose_name_plural = _("rules in force")
        ordering = ["code", "agency_id", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="clock_rule_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.length} {self.get_unit_display()}"

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class AuditHead(models.Model):
    """The tip of one audit chain. Locked while an event is appended, so positions never fork."""

    chain = models.CharField(max_length=40, unique=True)
    position = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.chain}@{self.position}"


class AuditEvent(models.Model):
    """One state change. Hash-chained per organisation: ``hash = sha256(prev_hash + content)``.

    A chain per organisation keeps appends from serialising the whole city and matches sharding
    by agency; ``danchu audit verify`` walks every chain.
    """

    chain = models.CharField(max_length=40)
    position = models.PositiveBigIntegerField()
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verb = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=255, blank=True)
    changes = models.JSONField(default=dict)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "position"], name="audit_position_unique")
        ]
        indexes = [
            models.Index(fields=["agency", "at"]),
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.verb} {self.object_type}#{self.object_id}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the secret is shown once."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ThrottleMiss(models.Model):
    """One unsuccessful public attempt (a lookup that found nothing, a wrong e-mail code) from
    one address. The address is kept as a keyed hash, never in clear; rows older than a day
    are purged by ``danchu portal_notify``."""

    scope = models.CharField(max_length=40)
    address = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["scope", "address", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"
