"""Forms of the conference and the dialogues: they parse; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.conference.models import (
    AgendaKind,
    Choice,
    ConferenceKind,
    ConferenceRequest,
    DialogueReason,
    PollKind,
    PollMethod,
    RequestedBy,
    TieRule,
)
from danchu.core.forms import DateField, person_label
from danchu.core.models import User
from danchu.tasks.forms import PartiesMixin


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class ConferenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConferenceKind.choices)
    year = forms.IntegerField(label=_("Work year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = DateField(label=_("Date"))
    starts_at = forms.TimeField(
        label=pgettext_lazy("conference", "Starts at"),
        initial=dt.time(8, 0),
        widget=forms.TimeInput({"type": "time"}),
    )
    place = forms.CharField(label=_("Place"), max_length=255)
    chair = PersonField(label=_("Chair"), queryset=User.objects.none())
    secretary = PersonField(label=_("Secretary"), queryset=User.objects.none())
    delegates = PeopleField(
        label=_("Delegates (only from 100 staff; leave empty to summon all staff)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple({"size": 8}),
    )
    late_reason = forms.CharField(
        label=_("Reason, if held after the legal deadline"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )
    requested_by = forms.ChoiceField(
        label=_("Extraordinary: requested by"),
        choices=[("", "—"), *RequestedBy.choices],
        required=False,
    )
    request = forms.ModelChoiceField(
        label=_("Staff's request"), queryset=ConferenceRequest.objects.none(), required=False
    )


class RequestForm(forms.Form):
    subject = forms.CharField(label=_("What should the conference decide"), max_length=255)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 3}))


class AgendaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Item"), choices=AgendaKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    presenter = forms.CharField(label=_("Presented by"), max_length=255, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    file = forms.FileField(label=_("File (PDF or Office, up to 20 MB)"))


class DelegateForm(forms.Form):
    person = PersonField(label=_("Person"), queryset=User.objects.none())


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code (on the invitation)"),
        max_length=12,
        widget=forms.TextInput(
            {"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )


class AbsenceForm(forms.Form):
    reason = forms.CharField(label=_("Reason for absence"), max_length=255)


class ReconveneForm(forms.Form):
    held_on = DateField(label=_("Date of the second convocation"))
    starts_at = forms.TimeField(
        label=pgettext_lazy("conference", "Starts at"),
        initial=dt.time(8, 0),
        widget=forms.TimeInput({"type": "time"}),
    )
    place = forms.CharField(label=_("Place"), max_length=255)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea({"rows": 6}))


class PollForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is voted on"), choices=PollKind.choices)
    method = forms.ChoiceField(label=_("How"), choices=PollMethod.choices, initial="secret")
    title = forms.CharField(label=_("Question"), max_length=255)
    text = forms.CharField(
        label=pgettext_lazy("poll", "Text"), required=False, widget=forms.Textarea({"rows": 3})
    )
    seats = forms.IntegerField(
        label=_("Seats (election)"), required=False, min_value=1, max_value=30
    )
    tie_rule = forms.ChoiceField(
        label=_("On a tie for the last seat"), choices=[("", "—"), *TieRule.choices], required=False
    )


class CandidateForm(forms.Form):
    person = PersonField(label=_("Candidate"), queryset=User.objects.none())
    nominated_by = forms.CharField(
        label=_("Nominated by"), max_length=255, initial=_("The union executive")
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Choice.choices, widget=forms.RadioSelect, required=False
    )
    marks = forms.MultipleChoiceField(
        label=_("Your choice of candidates"), widget=forms.CheckboxSelectMultiple, required=False
    )


class SlipForm(forms.Form):
    person = PersonField(label=_("Member of staff"), queryset=User.objects.none())
    choice = forms.ChoiceField(label=_("Opinion"), choices=Choice.choices)


class HandsForm(forms.Form):
    yes = forms.IntegerField(label=pgettext_lazy("vote", "For"), min_value=0)
    no = forms.IntegerField(label=pgettext_lazy("vote", "Against"), min_value=0)
    abstain = forms.IntegerField(label=pgettext_lazy("vote", "Abstain"), min_value=0)


class PaperForm(forms.Form):
    committee = forms.CharField(label=_("Counting committee (names)"), max_length=255)
    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    cast = forms.IntegerField(label=_("Ballots in the box"), min_value=0)
    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, initial=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)
    yes = forms.IntegerField(label=pgettext_lazy("vote", "For"), min_value=0, required=False)
    no = forms.IntegerField(label=pgettext_lazy("vote", "Against"), min_value=0, required=False)
    abstain = forms.IntegerField(
        label=pgettext_lazy("vote", "Abstain"), min_value=0, required=False
    )
    reason = forms.CharField(label=_("Reason for a correction"), max_length=255, required=False)

    def add_candidates(self, candidates: list[Any]) -> None:
        for c in candidates:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=_("Votes for %(name)s") % {"name": c.person}, min_value=0, required=False
            )

    def tallies(self) -> dict[int, int]:
        return {
            int(k[1:]): v or 0
            for k, v in self.cleaned_data.items()
            if k.startswith("c") and k[1:].isdigit()
        }


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=20)


class BoardForm(forms.Form):
    head = PersonField(
        label=_("Head of the board (among those elected)"), queryset=User.objects.none()
    )


class ResolutionForm(forms.Form):
    text = forms.CharField(
        label=_("Text of the resolution (leave empty to draft it from the decisions)"),
        required=False,
        widget=forms.Textarea({"rows": 12}),
    )


class ReviewForm(forms.Form):
    summary = forms.CharField(label=_("Result of the review"), widget=forms.Textarea({"rows": 4}))
    publish = forms.BooleanField(label=_("Tell staff (publish)"), required=False, initial=True)


class TaskForm(PartiesMixin):
    title = forms.CharField(label=_("Task"), max_length=500)
    deliverable = forms.CharField(label=_("Deliverable"), max_length=500)
    lead = forms.ChoiceField(label=_("Lead (one person or one unit)"), required=False)
    due_on = DateField(label=_("Deadline"))


class DialogueForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=255)
    reason = forms.ChoiceField(label=_("Why"), choices=DialogueReason.choices)
    basis = forms.CharField(
        label=_("Basis (regulation, board's document)"), max_length=255, required=False
    )
    held_on = DateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=255)
    chair = PersonField(label=_("Chaired by"), queryset=User.objects.none())


class RequireForm(forms.Form):
    title = forms.CharField(label=_("What the dialogue should be about"), max_length=255)
    basis = forms.CharField(label=_("The board's document requiring it"), max_length=255)


class ScheduleForm(forms.Form):
    held_on = DateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=255)
    chair = PersonField(label=_("Chaired by"), queryset=User.objects.none())


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), widget=forms.Textarea({"rows": 3}))
    anonymous = forms.BooleanField(
        label=_("Ask anonymously (nothing stored links the question to you)"), required=False
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea({"rows": 3}))
