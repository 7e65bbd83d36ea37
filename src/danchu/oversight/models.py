"""The People's Inspection Board at work (Law 10/2022 Art. 60–63; Decree 59/2023 Art. 20–23):
its terms and seats, its work programmes, its inspections with notice, document requests,
findings voted by its members and a written result, its recommendations to the head on a
15-day answer clock, and staff petitions to the board.

Glossary: board = Ban Thanh tra nhân dân (BTTND); term = nhiệm kỳ; programme = chương trình
công tác; inspection = kiểm tra, giám sát; document request = yêu cầu cung cấp thông tin, tài
liệu; findings = kết quả kiểm tra; recommendation = kiến nghị; petition = đơn kiến nghị của
CBCCVC gửi Ban.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.models import Agency, Membership


class BoardTerm(models.Model):
    """A term of the board: elected by the staff conference, recognised by the union within
    5 working days, for the length the rule in force gives (2 years)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="board_terms")
    elected_on = models.DateField(_("elected on"))
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    election_record = models.CharField(_("election record"), max_length=255)
    recognition_due = models.DateField(_("union recognition due"))
    recognised_on = models.DateField(_("recognised by the union on"), null=True, blank=True)
    recognition_number = models.CharField(_("recognition decision"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("board term")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="board_term_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%Y}–{self.ends_on:%Y}"


class SeatRole(models.TextChoices):
    HEAD = "head", _("Head of the board")
    DEPUTY = "deputy", _("Deputy head of the board")
    MEMBER = "member", _("Member")


class BoardSeat(models.Model):
    """A member's seat in a term; a replacement decided by the conference ends one seat and
    opens another that names the seat it replaces."""

    term = models.ForeignKey(BoardTerm, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role on the board"), max_length=8, choices=SeatRole.choices)
    # The board role in the organisation that gives the member their rights in every app.
    membership = models.OneToOneField(
        Membership, on_delete=models.PROTECT, related_name="board_seat"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    basis = models.CharField(_("seat decided by"), max_length=255)
    end_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("board seat")
        ordering = ["role", "start", "pk"]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class Half(models.IntegerChoices):
    FIRST = 1, _("first half")
    SECOND = 2, _("second half")


class ProgrammeKind(models.TextChoices):
    QUARTER = "quarter", _("Quarterly programme")
    HALF = "half", _("Half-year programme")
    YEAR = "year", _("Annual programme")


class Programme(models.Model):
    """A work programme of the board, approved by the union executive."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="board_programmes")
    term = models.ForeignKey(BoardTerm, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=8, choices=ProgrammeKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    # Quarter 1–4, half 1–2, 0 for the year.
    period = models.PositiveSmallIntegerField(_("period"), default=0)
    title = models.CharField(_("title"), max_length=500)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("board programme")
        ordering = ["-year", "kind", "period"]

    def __str__(self) -> str:
        return self.title


class ProgrammeItem(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    subject = models.CharField(_("what will be supervised"), max_length=500)
    planned_from = models.DateField(_("from"))
    planned_to = models.DateField(_("to"))
    members = models.CharField(_("who"), max_length=255)
    budget = models.PositiveBigIntegerField(_("budget (VND)"), default=0)

    class Meta:
        verbose_name = _("programme item")
        ordering = ["planned_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_to__gte=models.F("planned_from")),
                name="programme_item_period",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class SubjectKind(models.TextChoices):
    DECISION = "decision", _("Implementation of a collective decision")
    POLICY = "policy", _("A policy or regime for staff")
    QCDC = "qcdc", _("The unit's grassroots democracy")
    PETITION = "petition", _("A staff member's petition")
    OTHER = "other", _("Other")


class InspectionState(models.TextChoices):
    NOTIFIED = "notified", _("Notified")
    CONCLUDED = "concluded", _("Findings adopted")
    REPORTED = "reported", _("Result sent")


class Inspection(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="board_inspections")
    term = models.ForeignKey(BoardTerm, null=True, blank=True, on_delete=models.PROTECT)
    programme_item = models.ForeignKey(
        ProgrammeItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("programme item"),
    )
    petition = models.ForeignKey(
        "StaffPetition",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    subject_kind = models.CharField(_("subject"), max_length=10, choices=SubjectKind.choices)
    subject = models.CharField(_("what is inspected"), max_length=500)
    inspected_party = models.CharField(_("inspected party"), max_length=255)
    notice_number = models.CharField(_("notice number"), max_length=60)
    notified_on = models.DateField(_("notice sent on"))
    starts_on = models.DateField(_("inspection starts"))
    earliest_start = models.DateField(editable=False)
    state = models.CharField(
        max_length=10, choices=InspectionState.choices, default=InspectionState.NOTIFIED
    )
    findings = models.TextField(_("findings"), blank=True)
    concluded_on = models.DateField(_("findings adopted on"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    votes_abstain = models.PositiveSmallIntegerField(default=0)
    seats = models.PositiveSmallIntegerField(default=0)  # members sitting on the day of the vote
    result_to = models.CharField(_("result sent to"), max_length=255, blank=True)
    result_sent_on = models.DateField(_("result sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("board inspection")
        ordering = ["-notified_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__gte=models.F("earliest_start")),
                name="inspection_notice_respected",
            )
        ]

    def __str__(self) -> str:
        return self.subject


class Vote(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class InspectionVote(models.Model):
    """How each member voted on the findings (recorded, not secret)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vote = models.CharField(max_length=8, choices=Vote.choices)

    class Meta:
        verbose_name = _("member's vote")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "member"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.vote}"


class DocumentRequest(models.Model):
    """The board asks for information or documents; the head must supply them in time."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="requests")
    what = models.TextField(_("information or documents asked for"))
    asked_on = models.DateField(_("asked on"))
    due_on = models.DateField(_("to be supplied by"))
    supplied_on = models.DateField(_("supplied on"), null=True, blank=True)
    answer = models.TextField(_("what was supplied"), blank=True)
    supplied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("request for documents")
        ordering = ["asked_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("asked_on")), name="document_request_period"
            )
        ]

    def __str__(self) -> str:
        return self.what[:60]


class RecommendationState(models.TextChoices):
    SENT = "sent", _("Waiting for the head's answer")
    ANSWERED = "answered", _("Answered, followed by the board")
    CLOSED = "closed", _("Closed by the board")


class AnswerKind(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted, with actions")
    PARTLY = "partly", _("Partly accepted")
    REFUSED = "refused", _("Not accepted, with reasons")


class Recommendation(models.Model):
    """A recommendation of the board to the head: the head must answer within the rule in
    force on the day it was received (15 days)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="board_recommendations"
    )
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    number = models.CharField(_("number"), max_length=60)
    content = models.TextField(_("recommendation"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("received by the head on"))
    due_on = models.DateField(_("answer due"))
    state = models.CharField(
        max_length=10, choices=RecommendationState.choices, default=RecommendationState.SENT
    )
    answer_kind = models.CharField(
        _("answer"), max_length=10, choices=AnswerKind.choices, blank=True
    )
    answer = models.TextField(_("the head's answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A deputy answering for the head says so (and on whose authorisation).
    acting_for_head = models.CharField(_("acting for the head by"), max_length=255, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("the board's assessment"), blank=True)
    reopened = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation of the board")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["agency", "state", "due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="recommendation_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    @property
    def on_time(self) -> bool | None:
        return None if self.answered_on is None else self.answered_on <= self.due_on


class PetitionDecision(models.TextChoices):
    PENDING = "", _("Not decided")
    VERIFY = "verify", _("To be verified")
    NOT_VERIFIED = "no", _("Not verified")


class StaffPetition(models.Model):
    """A staff member's petition to the board. An anonymous petition keeps no author at all:
    the row, its audit event and the board's pages know only that a member of the unit
    sent it: a random id, the day only, and no audit event at its sending."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="board_petitions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField(_("received on"))
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("petition"))
    decision = models.CharField(
        _("decision"), max_length=8, choices=PetitionDecision.choices, blank=True, default=""
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("petition to the board")
        ordering = ["-received_on", "subject"]  # never by id: ids carry no order

    def __str__(self) -> str:
        return self.subject
