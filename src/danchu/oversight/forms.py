"""Forms of the board's work: they parse; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.forms import DateField, person_label
from danchu.core.models import Agency, User
from danchu.oversight.models import (
    AnswerKind,
    BoardSeat,
    Inspection,
    ProgrammeItem,
    ProgrammeKind,
    SeatRole,
    StaffPetition,
    SubjectKind,
    Vote,
)
from danchu.oversight.services import ActionIn, ItemIn
from danchu.tasks.forms import PartiesMixin

ACTION_ROWS = 5


def _today() -> dt.date:
    return timezone.localdate()


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class TermForm(forms.Form):
    elected_on = DateField(label=_("Elected on"))
    election_record = forms.CharField(
        label=_("Election record (minutes of the staff conference)"), max_length=255
    )
    recognised_on = DateField(label=_("Recognised by the union on"), required=False)
    recognition_number = forms.CharField(
        label=_("Union's recognition decision"), max_length=60, required=False
    )


class RecogniseForm(forms.Form):
    recognised_on = DateField(label=_("Recognised by the union on"), initial=_today)
    number = forms.CharField(label=_("Union's recognition decision"), max_length=60)


class SeatForm(forms.Form):
    person = PersonField(label=_("Member"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Role on the board"), choices=SeatRole.choices, initial=SeatRole.MEMBER
    )
    start = DateField(label=_("From"), initial=_today)
    basis = forms.CharField(label=_("Seat decided by"), max_length=255)
    replaces = forms.ModelChoiceField(
        label=_("Replaces (a seat that ended)"), queryset=BoardSeat.objects.none(), required=False
    )


class SeatEndForm(forms.Form):
    end = DateField(label=_("Leaves on"), initial=_today)
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ItemForm(forms.Form):
    subject = forms.CharField(label=_("What will be supervised"), max_length=500)
    planned_from = DateField(label=_("From"))
    planned_to = DateField(label=_("To"))
    members = forms.CharField(label=_("Who"), max_length=255)
    budget = forms.IntegerField(label=_("Budget (VND)"), min_value=0, initial=0)

    def item(self) -> ItemIn:
        d = self.cleaned_data
        return ItemIn(d["subject"], d["planned_from"], d["planned_to"], d["members"], d["budget"])


class ProgrammeForm(ItemForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.IntegerField(
        label=_("Quarter (1–4) or half (1–2)"), min_value=0, max_value=4, required=False
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    field_order = ["kind", "year", "period", "title"]


class InspectionForm(forms.Form):
    subject_kind = forms.ChoiceField(label=_("Kind of matter"), choices=SubjectKind.choices)
    subject = forms.CharField(label=_("What is inspected"), max_length=500)
    inspected_party = forms.CharField(label=_("Inspected party"), max_length=255)
    notice_number = forms.CharField(label=_("Notice number"), max_length=60)
    notified_on = DateField(label=_("Notice sent on"), initial=_today)
    starts_on = DateField(label=_("Inspection starts"))
    programme_item = forms.ModelChoiceField(
        label=_("Programme item"), queryset=ProgrammeItem.objects.none(), required=False
    )
    petition = forms.ModelChoiceField(
        label=_("Petition"), queryset=StaffPetition.objects.none(), required=False
    )


class RequestForm(forms.Form):
    what = forms.CharField(
        label=_("Information or documents asked for"), widget=forms.Textarea({"rows": 2})
    )
    due_on = DateField(label=_("To be supplied by"))


class SupplyForm(forms.Form):
    answer = forms.CharField(label=_("What was supplied"), widget=forms.Textarea({"rows": 2}))


class ConcludeForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea({"rows": 5}))
    on = DateField(label=_("Adopted on"), initial=_today)

    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for m in members:
            self.fields[f"vote_{m.pk}"] = forms.ChoiceField(
                label=_("Vote of %(name)s") % {"name": m.get_full_name()},
                choices=[("", pgettext_lazy("vote", "Absent")), *Vote.choices],
                required=False,
            )

    def votes(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"vote_{m.pk}"]
            for m in self.members
            if self.cleaned_data.get(f"vote_{m.pk}")
        }


class ResultForm(forms.Form):
    result_to = forms.CharField(label=_("Result sent to"), max_length=255)
    sent_on = DateField(label=_("Sent on"), initial=_today)


class RecommendationForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=60)
    content = forms.CharField(label=_("Recommendation"), widget=forms.Textarea({"rows": 4}))
    received_on = DateField(label=_("Received by the head on"), initial=_today)
    inspection = forms.ModelChoiceField(
        label=_("From the inspection"), queryset=Inspection.objects.none(), required=False
    )


class AnswerForm(PartiesMixin):
    kind = forms.ChoiceField(
        label=_("Answer"), choices=AnswerKind.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(label=_("Answer and reasons"), widget=forms.Textarea({"rows": 4}))
    acting_for_head = forms.CharField(
        label=_("A deputy answering for the head: by whose authorisation"),
        max_length=255,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        people: list[User],
        units: list[Agency],
        deputy: bool = False,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if not deputy:
            del self.fields["acting_for_head"]
        for i in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{i}_title"] = forms.CharField(
                label=_("Action %(n)d: what is to be done") % {"n": i},
                max_length=500,
                required=False,
            )
            self.fields[f"action_{i}_lead"] = forms.ChoiceField(
                label=_("Action %(n)d: lead") % {"n": i}, required=False
            )
            self.fields[f"action_{i}_due"] = DateField(
                label=_("Action %(n)d: deadline") % {"n": i}, required=False
            )
        self.set_parties(people, units)
        from danchu.tasks.forms import party_choices

        for i in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{i}_lead"].choices = [  # type: ignore[attr-defined]
                ("", "—"),
                *party_choices(people, units),
            ]

    def actions(self) -> list[ActionIn]:
        d = self.cleaned_data
        found = []
        for i in range(1, ACTION_ROWS + 1):
            title, lead, due = (
                d.get(f"action_{i}_title"),
                d.get(f"action_{i}_lead"),
                d.get(f"action_{i}_due"),
            )
            if title or lead or due:
                leads = self.parties([lead] if lead else [])
                found.append(ActionIn(title or "", leads[0] if leads else None, due))
        return found


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Assessment"), widget=forms.Textarea({"rows": 3}))


class PetitionForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    text = forms.CharField(label=_("Petition"), widget=forms.Textarea({"rows": 5}))
    anonymous = forms.BooleanField(
        label=_("Send anonymously (nothing will record who sent it)"), required=False
    )


class DecisionForm(forms.Form):
    verify = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Verify it")), ("0", _("Do not verify"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))


class PetitionAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea({"rows": 3}))


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Report for"),
        choices=[
            ("quarter", _("a quarter")),
            ("half", _("a half-year")),
            ("year", _("a year")),
            ("term", _("the board's term")),
        ],
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    period = forms.IntegerField(
        label=_("Quarter (1–4) or half (1–2)"), min_value=1, max_value=4, required=False
    )
    term = forms.TypedChoiceField(label=_("Term"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, terms: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *[(t.pk, str(t)) for t in terms],
        ]

    @staticmethod
    def defaults() -> dict[str, Any]:
        today = timezone.localdate()
        return {"kind": "quarter", "year": today.year, "period": (today.month - 1) // 3 + 1}
