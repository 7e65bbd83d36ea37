"""The staff conference, its votes and the dialogues (Law 10/2022 Art. 49–52, 59, 63).

A conference (hội nghị cán bộ, công chức, viên chức) is convened with its roll (the people
summoned: all staff, or the delegates chosen per unit), its agenda in the legal order and its
documents. On the day, delegates check in; the conference opens only with a quorum (at least
2/3 of those summoned) and every poll checks it again. A poll is a show of hands counted by
the secretary, a named electronic vote, a secret ballot, paper ballots counted by the
counting committee, or — when the second convocation still lacks a quorum — written opinion
slips from all staff (Art. 50.2). Majority rules are data (``VoteRule``): a base (summoned,
present, ballots cast, valid ballots), a comparator and a fraction, computed in integers.

The secret ballot: the roll of who voted (``PollRoll.voted``) and the ballot box (``Ballot``)
are separate tables with no link. A ballot has a random id, no voter, no time; the voter
gets a receipt code (``BallotReceipt`` keeps only its hash, also unlinked); when the poll
closes the box is rewritten in a random order, so even the storage order says nothing.

Glossary: conference = hội nghị CBCCVC; convocation = triệu tập (lần 2: triệu tập lần thứ
hai); roll = danh sách triệu tập; delegate = đại biểu; check-in = điểm danh; quorum = đủ số
lượng; poll = biểu quyết; secret ballot = bỏ phiếu kín; counting committee = ban kiểm phiếu;
counting minutes = biên bản kiểm phiếu; opinion slip = phiếu lấy ý kiến; resolution = nghị
quyết; review = sơ kết, đánh giá việc thực hiện nghị quyết; dialogue = đối thoại.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.counters import CounterBase
from danchu.core.models import Agency

User = settings.AUTH_USER_MODEL


class Counter(CounterBase):
    class Meta:
        verbose_name = _("resolution number sequence")
        constraints = [
            models.UniqueConstraint(fields=["agency", "key"], name="conference_counter_unique")
        ]


# --- majority rules ---------------------------------------------------------------------------


class Base(models.TextChoices):
    SUMMONED = "summoned", _("of those summoned")
    PRESENT = "present", _("of those present")
    CAST = "cast", _("of the ballots cast")
    VALID = "valid", _("of the valid ballots")


class Comparator(models.TextChoices):
    MORE_THAN = "gt", _("more than")
    AT_LEAST = "ge", _("at least")


class VoteRule(models.Model):
    """A majority or quorum rule: ``comparator`` ``numerator/denominator`` ``base``, e.g. "at
    least 2/3 of those summoned" (quorum) or "more than 1/2 of those present" (a decision).
    Statutory rules have no agency; the rule in force on the day a poll opens governs it."""

    code = models.CharField(_("code"), max_length=60, db_index=True)
    applies_to = models.CharField(_("applies to"), max_length=255)
    base = models.CharField(_("base"), max_length=10, choices=Base.choices)
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    numerator = models.PositiveSmallIntegerField(_("numerator"))
    denominator = models.PositiveSmallIntegerField(_("denominator"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    article = models.CharField(_("article"), max_length=80, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="vote_rules"
    )

    class Meta:
        verbose_name = _("vote rule")
        ordering = ["code", "agency_id", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(denominator__gt=0) & Q(numerator__lte=models.F("denominator")),
                name="vote_rule_fraction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.comparator} {self.numerator}/{self.denominator} {self.base}"


# --- the conference ---------------------------------------------------------------------------


class ConferenceKind(models.TextChoices):
    ANNUAL = "annual", _("Annual conference")
    EXTRAORDINARY = "extraordinary", _("Extraordinary conference")


class Attendance(models.TextChoices):
    ALL_STAFF = "all", _("All staff")
    DELEGATES = "delegates", _("Delegates chosen per unit")


class RequestedBy(models.TextChoices):
    HEAD = "head", _("The head")
    UNION = "union", _("The union executive")
    STAFF = "staff", _("At least 1/3 of staff")


class ConferenceState(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")
    NO_QUORUM = "no_quorum", _("No quorum")
    WRITTEN = "written", _("Written opinions from all staff")


class ConferenceRequest(models.Model):
    """Staff asking for an extraordinary conference: signed in the system, counted against
    the staff of the unit; at 1/3 the head must convene it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=255)
    reason = models.TextField(_("reason"))
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("opened on"))
    staff = models.PositiveIntegerField(_("staff of the unit"))
    reached_on = models.DateField(_("1/3 reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for an extraordinary conference")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return self.subject


class RequestSignature(models.Model):
    request = models.ForeignKey(
        ConferenceRequest, on_delete=models.CASCADE, related_name="signatures"
    )
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="request_signature_once")
        ]

    def __str__(self) -> str:
        return f"{self.__class__.__name__} {self.pk}"


class Conference(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField(_("kind"), max_length=14, choices=ConferenceKind.choices)
    # The work year an annual conference reviews (held by the end of March the next year).
    year = models.PositiveSmallIntegerField(_("work year"))
    title = models.CharField(_("title"), max_length=255)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=255)
    attendance = models.CharField(_("who attends"), max_length=10, choices=Attendance.choices)
    deadline = models.DateField(_("legal deadline"), null=True, blank=True)
    late_reason = models.TextField(_("reason for holding it late"), blank=True)
    requested_by = models.CharField(
        _("requested by"), max_length=6, choices=RequestedBy.choices, blank=True
    )
    request = models.ForeignKey(
        ConferenceRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    convocation = models.PositiveSmallIntegerField(_("convocation"), default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_convocation"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ConferenceState.choices, default="preparing"
    )
    chair = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    secretary = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The quorum as checked at the opening: present / summoned.
    present_at_open = models.PositiveIntegerField(null=True, blank=True)
    summoned_at_open = models.PositiveIntegerField(null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("staff conference")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["agency", "kind", "year"])]

    def __str__(self) -> str:
        return self.title


class AgendaKind(models.TextChoices):
    """The order of business of Law 10/2022 Art. 51."""

    HEAD_REPORT = "head_report", _("The head's report with self-assessment")
    UNION_REPORT = "union_report", _("The union's report on the last resolution")
    DISCUSSION = "discussion", _("Discussion")
    ANSWERS = "answers", _("The head's answers")
    BOARD_REPORT = "board_report", _("The inspection board's report")
    DECISIONS = "decisions", _("Decisions (board election, contributions, resolution)")
    EMULATION = "emulation", _("Emulation")
    SIGNING = "signing", _("Signing of commitments")
    RESOLUTION = "resolution", _("Adoption of the resolution")
    OTHER = "other", pgettext_lazy("agenda", "Other")


AGENDA_ORDER = [k.value for k in AgendaKind if k != AgendaKind.OTHER]


class AgendaItem(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("item"), max_length=14, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=255)
    presenter = models.CharField(_("presented by"), max_length=255, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "position"], name="agenda_position")
        ]

    def __str__(self) -> str:
        return self.title


def _document_path(instance: ConferenceDocument, filename: str) -> str:
    return f"conference/{instance.conference_id}/{uuid.uuid4().hex}/{filename}"


class ConferenceDocument(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(upload_to=_document_path, max_length=255)
    added_on = models.DateField()

    class Meta:
        ordering = ["added_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Delegate(models.Model):
    """Someone summoned, with the code on their invitation that checks them in at the door."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="roll")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("check-in code"), max_length=12)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    absent_reason = models.CharField(_("reason for absence"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("delegate")
        ordering = ["unit__path", "person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "person"], name="delegate_once"),
            models.UniqueConstraint(fields=["conference", "code"], name="delegate_code"),
        ]

    def __str__(self) -> str:
        return str(self.person)


# --- polls ------------------------------------------------------------------------------------


class PollKind(models.TextChoices):
    MOTION = "motion", _("Motion or decision")
    ELECTION = "election", _("Election of the inspection board")
    RESOLUTION = "resolution", _("Adoption of the resolution")


class PollMethod(models.TextChoices):
    HANDS = "hands", _("Show of hands (counted by the secretary)")
    NAMED = "named", _("Named electronic vote")
    SECRET = "secret", _("Secret ballot (electronic)")
    PAPER = "paper", _("Secret ballot on paper")
    SLIPS = "slips", _("Written opinion slips")


SECRET_METHODS = {PollMethod.SECRET, PollMethod.PAPER}


class PollState(models.TextChoices):
    DRAFT = "draft", _("Not opened")
    OPEN = "open", pgettext_lazy("poll", "Open")
    CLOSED = "closed", _("Closed")


class TieRule(models.TextChoices):
    RUNOFF = "runoff", _("A second round between those tied")
    LOT = "lot", _("Drawing lots, as the unit's regulation says")


class Choice(models.TextChoices):
    YES = "yes", pgettext_lazy("vote", "For")
    NO = "no", pgettext_lazy("vote", "Against")
    ABSTAIN = "abstain", pgettext_lazy("vote", "Abstain")


class Poll(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="polls")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="polls"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices)
    method = models.CharField(_("method"), max_length=6, choices=PollMethod.choices)
    title = models.CharField(_("question"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    state = models.CharField(_("state"), max_length=6, choices=PollState.choices, default="draft")
    # The majority rule, copied from the rule in force when the poll was set up.
    rule_code = models.CharField(max_length=60)
    base = models.CharField(_("base"), max_length=10, choices=Base.choices)
    comparator = models.CharField(_("comparator"), max_length=2, choices=Comparator.choices)
    numerator = models.PositiveSmallIntegerField()
    denominator = models.PositiveSmallIntegerField()
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    tie_rule = models.CharField(_("on a tie"), max_length=6, choices=TieRule.choices, blank=True)
    runoff_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="runoffs"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The snapshot at the opening: those entitled (summoned) and those present.
    summoned = models.PositiveIntegerField(null=True, blank=True)
    present = models.PositiveIntegerField(null=True, blank=True)
    # The tally, written at the closing.
    cast = models.PositiveIntegerField(null=True, blank=True)
    valid = models.PositiveIntegerField(null=True, blank=True)
    blank = models.PositiveIntegerField(null=True, blank=True)
    invalid = models.PositiveIntegerField(null=True, blank=True)
    yes = models.PositiveIntegerField(null=True, blank=True)
    no = models.PositiveIntegerField(null=True, blank=True)
    abstain = models.PositiveIntegerField(null=True, blank=True)
    adopted = models.BooleanField(null=True, blank=True)
    result_note = models.TextField(blank=True)
    # The board's term recorded from this election.
    board_term = models.OneToOneField(
        "oversight.BoardTerm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="election",
    )

    class Meta:
        verbose_name = _("poll")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="election") | Q(seats__gte=1), name="poll_election_seats"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_secret(self) -> bool:
        return self.method in SECRET_METHODS


class Candidate(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    nominated_by = models.CharField(_("nominated by"), max_length=255)
    votes = models.PositiveIntegerField(null=True, blank=True)
    elected = models.BooleanField(default=False)
    # A tie at the last seat decided by lot (recorded in the counting minutes).
    by_lot = models.BooleanField(default=False)

    class Meta:
        ordering = ["person__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="candidate_once")]

    def __str__(self) -> str:
        return str(self.person)


class PollRoll(models.Model):
    """Who is entitled to vote in a poll, present at its opening, and whether they voted.
    For a secret ballot this is the roll of who voted: it has no link to the ballot box."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="entitled")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(default=False)
    voted = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="poll_roll_once")]

    def __str__(self) -> str:
        return f"{self.__class__.__name__} {self.pk}"


class NamedVote(models.Model):
    """A named vote (electronic, or an opinion slip received from a member of staff)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="named_votes")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=7, choices=Choice.choices)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "person"], name="named_vote_once")]

    def __str__(self) -> str:
        return f"{self.__class__.__name__} {self.pk}"


class Ballot(models.Model):
    """A secret ballot: its content only. No voter, no time, a random id; listed by content.
    Sealed while the poll is open, in the clear after the close."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=7, choices=Choice.choices, blank=True)
    # For an election: the candidates marked, as their sorted ids.
    marks = models.JSONField(default=list)
    # While the poll is open: the content sealed (see ``services._seal``); empty after the
    # close, when the box is rewritten in the clear.
    sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        ordering = ["choice", "marks", "id"]

    def __str__(self) -> str:
        return f"{self.__class__.__name__} {self.pk}"


class BallotReceipt(models.Model):
    """The hash of a voter's receipt code: shows a ballot was counted, not which or whose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="receipts")
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["digest"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "digest"], name="ballot_receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.__class__.__name__} {self.pk}"


class PaperCount(models.Model):
    """The counting committee's figures for paper ballots, as last entered."""

    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, related_name="paper")
    issued = models.PositiveIntegerField(_("ballots issued"))
    cast = models.PositiveIntegerField(_("ballots in the box"))
    blank = models.PositiveIntegerField(_("blank ballots"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    yes = models.PositiveIntegerField(_("for"), default=0)
    no = models.PositiveIntegerField(_("against"), default=0)
    abstain = models.PositiveIntegerField(_("abstain"), default=0)
    # For an election: candidate id → votes.
    tallies = models.JSONField(default=dict)
    committee = models.CharField(_("counting committee"), max_length=255)

    def __str__(self) -> str:
        return str(self.poll)


class PaperCountChange(models.Model):
    """The change log of the counting committee's figures (what was, what is, who, why)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_changes")
    at = models.DateTimeField()
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.__class__.__name__} {self.pk}"


# --- resolution and reviews -------------------------------------------------------------------


class Resolution(models.Model):
    conference = models.OneToOneField(
        Conference, on_delete=models.PROTECT, related_name="resolution"
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    text = models.TextField(_("text"))
    poll = models.OneToOneField(
        Poll, null=True, blank=True, on_delete=models.PROTECT, related_name="adopts"
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    publication = models.ForeignKey(
        "disclosure.Publication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("resolution")

    def __str__(self) -> str:
        return self.number or str(self.conference)


class ResolutionReview(models.Model):
    """The 6-monthly review of the resolution by the head and the union, told to staff."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(_("due on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    summary = models.TextField(_("result"), blank=True)
    publication = models.ForeignKey(
        "disclosure.Publication", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return f"{self.resolution} {self.due_on}"


# --- dialogues --------------------------------------------------------------------------------


class DialogueReason(models.TextChoices):
    PERIODIC = "periodic", _("Periodic, as the unit's regulation sets")
    BOARD = "board", _("Required by the inspection board")
    OTHER = "other", _("On the head's initiative")


class DialogueState(models.TextChoices):
    REQUIRED = "required", _("Required, not yet scheduled")
    PLANNED = "planned", _("Planned")
    HELD = "held", pgettext_lazy("dialogue", "Held")


class Dialogue(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="dialogues")
    title = models.CharField(_("subject"), max_length=255)
    reason = models.CharField(_("why"), max_length=8, choices=DialogueReason.choices)
    basis = models.CharField(_("basis"), max_length=255, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=DialogueState.choices)
    held_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("dialogue")
        ordering = [models.F("held_on").desc(nulls_first=True), "-pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A question to the head. Anonymous: no author, a random id, the day only, no audit —
    as strict as a secret ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_on = models.DateField()
    in_session = models.BooleanField(_("asked in the session"), default=False)
    text = models.TextField(_("question"))
    upvotes = models.PositiveIntegerField(default=0)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_in_session = models.BooleanField(default=False)

    class Meta:
        ordering = ["-upvotes", "asked_on", "text"]  # never by id

    def __str__(self) -> str:
        return self.text[:60]


class Upvote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "person"], name="upvote_once")]

    def __str__(self) -> str:
        return f"{self.__class__.__name__} {self.pk}"
