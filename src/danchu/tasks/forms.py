"""Forms of plans and tasks: they parse; the services decide.

A lead or a supporter is a person ("p:<id>") or a unit ("u:<id>") of the organisation, chosen
from one list, so that "one task, one lead" is one choice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core import uploads
from danchu.core.forms import DateField, MultipleFileField, person_label
from danchu.core.models import Agency, User
from danchu.disclosure.models import PublicationChannel
from danchu.tasks.models import Plan, PlanKind, Quality, SourceKind

Party = User | Agency


def _today() -> dt.date:
    return timezone.localdate()


def party_choices(people: list[User], units: list[Agency]) -> list[tuple[str, Any]]:
    return [
        (str(_("Units")), [(f"u:{u.pk}", u.name) for u in units]),
        (str(_("People")), [(f"p:{p.pk}", person_label(p)) for p in people]),
    ]


class PartiesMixin(forms.Form):
    """Turns the "p:<id>"/"u:<id>" choices into people and units."""

    def set_parties(self, people: list[User], units: list[Agency]) -> None:
        self._parties: dict[str, Party] = {f"p:{p.pk}": p for p in people}
        self._parties |= {f"u:{u.pk}": u for u in units}
        choices = party_choices(people, units)
        for name in ("lead", "supports"):
            if name in self.fields:
                field = self.fields[name]
                field.choices = (  # type: ignore[attr-defined]
                    [("", "—"), *choices] if name == "lead" else choices
                )

    def parties(self, keys: list[str]) -> list[Party]:
        return [self._parties[k] for k in keys if k in self._parties]


class TaskForm(PartiesMixin):
    title = forms.CharField(label=_("Task"), max_length=500)
    description = forms.CharField(
        label=_("What is to be done"), required=False, widget=forms.Textarea({"rows": 3})
    )
    deliverable = forms.CharField(label=_("Deliverable"), max_length=500)
    authority = forms.CharField(label=_("Authority (document, article)"), max_length=255)
    lead = forms.ChoiceField(label=_("Lead (one person or one unit)"), required=False)
    supports = forms.MultipleChoiceField(
        label=_("Supporting people or units"),
        required=False,
        widget=forms.SelectMultiple({"size": 6}),
    )
    start_on = DateField(label=_("Start"), initial=_today)
    due_on = DateField(label=_("Deadline (a date)"), required=False)
    working_days = forms.IntegerField(
        label=_("…or a number of working days from the start"),
        required=False,
        min_value=1,
        max_value=400,
    )
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False)
    source_kind = forms.ChoiceField(
        label=_("Comes from"), choices=SourceKind.choices, initial=SourceKind.DIRECTION
    )
    source_label = forms.CharField(label=_("Source document"), max_length=255, required=False)
    steps = forms.CharField(
        label=_("Process: one step per line (optional)"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # One select cannot send two values, but a crafted request can: the service refuses
        # any count of leads but one before it looks at them.
        data_in = self.data
        given = (
            data_in.getlist("lead") if isinstance(data_in, QueryDict) else [data.get("lead", "")]
        )
        chosen = [v for v in given if v]
        data["leads"] = chosen if len(chosen) > 1 else self.parties(chosen)
        data["support_parties"] = self.parties(data.get("supports") or [])
        data["step_titles"] = [s for s in (data.get("steps") or "").splitlines() if s.strip()]
        return data


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PlanKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.IntegerField(
        label=_("Quarter or month (for a quarterly or monthly plan)"),
        required=False,
        min_value=0,
        max_value=12,
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    theme = forms.CharField(label=_("Theme of the year"), max_length=500, required=False)
    parent = forms.ModelChoiceField(
        label=_("Part of (the year's plan)"), queryset=Plan.objects.none(), required=False
    )
    decision_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    decision_date = DateField(label=_("Document date"), required=False)


class PublishForm(forms.Form):
    signer = forms.CharField(label=_("Signed by"), max_length=255)
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=[c for c in PublicationChannel.choices if c[0] != PublicationChannel.PORTAL],
        widget=forms.CheckboxSelectMultiple,
        initial=[PublicationChannel.INTRANET],
    )
    published_on = DateField(label=_("Published on"), initial=_today)
    posted_until = DateField(label=_("On the intranet until"), required=False)


class ReportForm(forms.Form):
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea({"rows": 3}))
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    steps = forms.TypedMultipleChoiceField(
        label=_("Steps done"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    evidence = MultipleFileField(
        label=_("Evidence (PDF, images, Office files; up to 5 of 20 MB)"),
        required=False,
        max_files=5,
        max_bytes=20 * uploads.MB,
    )


class ExtensionForm(forms.Form):
    new_due_on = DateField(label=_("New deadline"))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea({"rows": 3}))


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("", "—"), ("1", _("Agree to the new deadline")), ("0", _("Do not agree"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class SubmitForm(forms.Form):
    note = forms.CharField(label=_("What was delivered"), widget=forms.Textarea({"rows": 3}))


class AcceptForm(forms.Form):
    quality = forms.ChoiceField(label=_("Quality"), choices=[("", "—"), *Quality.choices])
    assessment = forms.CharField(
        label=_("Assessment"), required=False, widget=forms.Textarea({"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
