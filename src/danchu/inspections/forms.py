"""Forms of the city's inspections: they parse; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.errors import DomainError
from danchu.core.forms import DateField, person_label
from danchu.core.models import Agency, User
from danchu.inspections.models import Criterion, Group, Kind, Rating, Scoring
from danchu.inspections.services import MAX_PROSE, RequirementIn

REQUIREMENT_ROWS = 5
MAX_ROWS = 50


def _today() -> dt.date:
    return timezone.localdate()


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "— " * max(obj.depth - 1, 0) + obj.name


class CriterionForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"), choices=[("", "—"), *Group.choices])
    code = forms.CharField(label=_("Code"), max_length=12)
    title = forms.CharField(label=_("Criterion"), max_length=500)
    evidence = forms.CharField(
        label=_("Evidence that satisfies it"), widget=forms.Textarea({"rows": 2})
    )
    scoring = forms.ChoiceField(label=_("Scoring"), choices=Scoring.choices)
    max_points = forms.IntegerField(label=_("Maximum points"), min_value=1, max_value=100)
    guide = forms.CharField(label=_("How it is scored"), widget=forms.Textarea({"rows": 2}))


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=500)
    decision_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    decision_date = DateField(label=_("Document date"), required=False)


class InspectionForm(forms.Form):
    unit = UnitField(label=_("Unit inspected"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Kind.choices, initial=Kind.PERIODIC, widget=forms.RadioSelect
    )
    scheduled_on = DateField(label=_("Date of the inspection"))
    period_start = DateField(label=_("Report period from"))
    period_end = DateField(label=_("Report period to"))
    leader = PersonField(label=_("Leader of the delegation"), queryset=User.objects.none())
    members = PeopleField(
        label=_("Members of the delegation"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = forms.ModelMultipleChoiceField(
        label=_("Criteria"),
        queryset=Criterion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    scope_note = forms.CharField(
        label=_("Content of the inspection"), widget=forms.Textarea({"rows": 3}), required=False
    )

    def __init__(
        self, *args: Any, units: Any, people: Any, criteria: Any, year: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["leader"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]
        self.fields["criteria"].queryset = criteria  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("criteria", [c.pk for c in criteria])
            self.initial.setdefault("period_start", dt.date(year, 1, 1))


class FindingForm(forms.Form):
    rating = forms.ChoiceField(label=_("Assessment"), choices=[("", "—"), *Rating.choices])
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100, required=False)
    note = forms.CharField(label=_("What the delegation found"), widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, criterion: Criterion, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        if criterion.scoring == Scoring.POINTS:
            self.fields["points"].widget.attrs["max"] = criterion.max_points
        else:
            # A met / partly / not met criterion scores from its rating.
            del self.fields["points"]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea({"rows": 2}))


class ConcludeForm(forms.Form):
    """The conclusion and its requirement rows; blank rows are ignored."""

    conclusion_number = forms.CharField(label=_("Conclusion number"), max_length=60, required=False)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea({"rows": 6}))
    without_requirements = forms.BooleanField(
        label=_("The conclusion has no requirements"),
        required=False,
        help_text=_("Tick only if the delegation requires nothing of the unit."),
    )
    rows = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_ROWS, required=False
    )

    def __init__(self, *args: Any, people: Any, rows: int = REQUIREMENT_ROWS, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.row_count = max(1, min(rows, MAX_ROWS))
        self.initial.setdefault("rows", self.row_count)
        for i in range(1, self.row_count + 1):
            self.fields[f"req_{i}_text"] = forms.CharField(
                label=_("Requirement %(n)d") % {"n": i},
                widget=forms.Textarea({"rows": 2}),
                required=False,
            )
            self.fields[f"req_{i}_group"] = forms.ChoiceField(
                label=_("Group"), choices=[("", "—"), *Group.choices], required=False
            )
            self.fields[f"req_{i}_lead"] = PersonField(
                label=_("Lead"), queryset=people, required=False
            )
            self.fields[f"req_{i}_due"] = DateField(label=_("Deadline"), required=False)

    def requirement_rows(self) -> list[list[forms.BoundField]]:
        """The bound fields of each row, for the template."""
        return [
            [self[f"req_{i}_{part}"] for part in ("text", "group", "lead", "due")]
            for i in range(1, self.row_count + 1)
        ]

    def _filled(self) -> list[int]:
        d = self.cleaned_data
        return [
            i
            for i in range(1, self.row_count + 1)
            if any(d.get(f"req_{i}_{part}") for part in ("text", "group", "lead", "due"))
        ]

    def requirements(self) -> list[RequirementIn]:
        d = self.cleaned_data
        return [
            RequirementIn(
                text=d.get(f"req_{i}_text") or "",
                lead=d.get(f"req_{i}_lead"),
                due_on=d.get(f"req_{i}_due"),
                group=d.get(f"req_{i}_group") or "",
            )
            for i in self._filled()
        ]

    def row_error(self, exc: DomainError) -> DomainError:
        """The service numbers the requirements it was given (the filled rows); put its field
        errors back on the rows of the form."""
        filled = self._filled()
        parts = {"text": "text", "group": "group", "lead": "lead", "due_on": "due"}
        fields: dict[str, list[str]] = {}
        for name, messages in exc.fields.items():
            bits = name.split(".")
            if len(bits) >= 3 and bits[0] == "requirements" and bits[1].isdigit():
                n = int(bits[1])
                row = filled[n - 1] if 0 < n <= len(filled) else n
                name = f"req_{row}_{parts.get(bits[2], bits[2])}"
            fields[name] = messages
        return DomainError(exc.code, exc.message, fields=fields, status=exc.status)


class ProseForm(forms.Form):
    """A textarea per part of the self-report the unit writes."""

    def __init__(self, *args: Any, keys: list[str], titles: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for key in keys:
            self.fields[key] = forms.CharField(
                label=titles.get(key, key),
                widget=forms.Textarea({"rows": 4}),
                max_length=MAX_PROSE,
                required=False,
            )
