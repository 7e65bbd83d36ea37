"""Forms of reception and letters: they parse; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.forms import DateField
from danchu.core.models import User
from danchu.letters.models import (
    MAX_PEOPLE,
    Channel,
    ComplaintSubject,
    Complexity,
    Eligibility,
    Instance,
    Kind,
    Letter,
    ReceptionSession,
    SessionKind,
)
from danchu.letters.vault import Person


def _today() -> dt.date:
    return timezone.localdate()


class PeopleField(forms.ModelChoiceField):
    """A person by name, with the login to tell namesakes apart."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.username})"


class LetterField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.matter[:60]}"


def parse_people(text: str) -> list[Person]:
    """One person a line: ``Full name; address; ID number; phone; email``; a line starting
    with ``*`` is a representative of the group."""
    people = []
    for line in text.splitlines():
        if not line.strip():
            continue
        representative = line.lstrip().startswith("*")
        cells = [c.strip() for c in line.strip().lstrip("*").split(";")] + [""] * 5
        people.append(
            Person(
                name=cells[0],
                address=cells[1],
                id_number=cells[2],
                phone=cells[3],
                email=cells[4],
                is_representative=representative,
            )
        )
    return people


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_on = DateField(label=_("Date"), initial=_today)
    place = forms.CharField(label=_("Place"), max_length=255)
    host = PeopleField(label=_("Received by"), queryset=User.objects.none())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = people  # type: ignore[attr-defined]


class VisitForm(forms.Form):
    received_on = DateField(label=_("Date"), initial=_today)
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=ReceptionSession.objects.none(), required=False
    )
    received_by = PeopleField(label=_("Received by"), queryset=User.objects.none())
    people_count = forms.IntegerField(
        label=_("People received"), min_value=1, max_value=MAX_PEOPLE, initial=1
    )
    visitors = forms.CharField(
        label=_("Citizens (one a line: name, address)"), widget=forms.Textarea({"rows": 2})
    )
    representatives = forms.CharField(
        label=_("Representatives (a group of 5 or more)"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    protected = forms.BooleanField(label=_("Keep their identity secret"), required=False)
    matter = forms.CharField(label=_("Matter"), widget=forms.Textarea({"rows": 3}))
    documents = forms.CharField(label=_("Documents handed in"), required=False)
    answer = forms.CharField(
        label=_("Answer given or promised"), required=False, widget=forms.Textarea({"rows": 2})
    )
    answered_on = DateField(label=_("Answered on (if answered)"), required=False)
    follow_up = forms.CharField(label=_("Follow-up"), required=False)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        sessions: QuerySet[ReceptionSession],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_by"].queryset = people  # type: ignore[attr-defined]
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]


class VisitAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea({"rows": 3}))
    answered_on = DateField(label=_("Answered on"), initial=_today)
    follow_up = forms.CharField(label=_("Follow-up"), required=False)


class LetterForm(forms.Form):
    received_on = DateField(label=_("Received on"), initial=_today)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    source_body = forms.CharField(label=_("Forwarded by"), max_length=255, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "—"), *[(k, v) for k, v in Kind.choices if k != Kind.UNCLASSIFIED]],
        help_text=_("A denunciation, or a letter with several matters, is kept secret at once."),
    )
    signatories = forms.CharField(
        label=_(
            "Signatories (one a line: name; address; ID; phone; email — * for a representative)"
        ),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    protected = forms.BooleanField(
        label=_("Keep the signatories' identity secret (they asked for it)"),
        required=False,
    )
    matter = forms.CharField(label=_("Matter"), max_length=500)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea({"rows": 5})
    )
    scan = forms.FileField(label=_("Scan of the letter"), required=False)


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(k, v) for k, v in Kind.choices if k != Kind.UNCLASSIFIED]
    )
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        choices=[(k, v) for k, v in Eligibility.choices if k != Eligibility.PENDING],
    )
    eligibility_note = forms.CharField(
        label=_("Why (if not handled here)"), required=False, widget=forms.Textarea({"rows": 2})
    )
    duplicate_of = LetterField(
        label=_("Earlier letter (if a duplicate)"), queryset=Letter.objects.none(), required=False
    )
    instance = forms.ChoiceField(
        label=_("Complaint: instance"), choices=[("", "—"), *Instance.choices], required=False
    )
    complaint_subject = forms.ChoiceField(
        label=_("Complaint: about"), choices=[("", "—"), *ComplaintSubject.choices], required=False
    )
    contested_act = forms.CharField(
        label=_("Complaint: contested decision or act"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    known_on = DateField(label=_("Complaint: known of it on"), required=False)
    remote = forms.BooleanField(label=_("Complaint: remote area"), required=False)
    multi_place = forms.BooleanField(
        label=_("Denunciation: verification spans several places"), required=False
    )

    def __init__(self, *args: Any, earlier: QuerySet[Letter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate_of"].queryset = earlier  # type: ignore[attr-defined]


class SplitForm(forms.Form):
    parts = forms.CharField(
        label=_("Parts (one a line: kind; matter — kind is petition, complaint or denunciation)"),
        widget=forms.Textarea({"rows": 4}),
    )

    def clean_parts(self) -> list[tuple[str, str]]:
        names = {str(label).lower(): value for value, label in Kind.choices}
        parts = []
        for line in self.cleaned_data["parts"].splitlines():
            if not line.strip():
                continue
            kind, _sep, matter = line.partition(";")
            kind = kind.strip().lower()
            parts.append((names.get(kind, kind), matter.strip()))
        return parts


class AssignForm(forms.Form):
    handler = PeopleField(label=_("Handling officer"), queryset=User.objects.none())
    leader = PeopleField(label=_("Accountable leader"), queryset=User.objects.none())

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("handler", "leader"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]


class AcceptForm(AssignForm):
    accepted_on = DateField(label=_("Accepted on"), initial=_today)
    notice_number = forms.CharField(label=_("Acceptance notice number"), max_length=60)


class ForwardForm(forms.Form):
    forwarded_to = forms.CharField(label=_("Competent body"), max_length=255)
    forwarded_on = DateField(label=_("Forwarded on"), initial=_today)


class ComplexityForm(forms.Form):
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=[(k, v) for k, v in Complexity.choices if k != Complexity.NORMAL],
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))


class ExtendForm(forms.Form):
    decision_number = forms.CharField(label=_("Extension decision number"), max_length=60)
    decided_on = DateField(label=_("Decided on"), initial=_today)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))


class SuspendForm(forms.Form):
    stopped_on = DateField(label=_("Suspended on"), initial=_today)
    decision_number = forms.CharField(label=_("Suspension decision number"), max_length=60)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))


class ResumeForm(forms.Form):
    resumed_on = DateField(label=_("Resumed on"), initial=_today)


OUTCOME_CHOICES = [
    ("answer", _("Answered (petition, report)")),
    ("resolve", _("Resolved (decision or conclusion)")),
    ("withdraw", pgettext_lazy("letter", "Withdrawn")),
    ("close", _("Closed: not handled here")),
]


class SettleForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES)
    document_number = forms.CharField(label=_("Outcome document number"), max_length=60)
    document_date = DateField(label=_("Document date"), initial=_today)
    summary = forms.CharField(label=_("Summary of the outcome"), widget=forms.Textarea({"rows": 3}))


class PublishForm(forms.Form):
    published_on = DateField(label=_("Published on"), initial=_today)


class DesignateForm(forms.Form):
    person = PeopleField(label=_("Person"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class VaultOpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you open the identity"), widget=forms.Textarea({"rows": 2})
    )
