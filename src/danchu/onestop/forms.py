"""Forms of the one-stop desk: they parse; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import DateField
from danchu.core.forms import PeriodForm as BasePeriodForm
from danchu.onestop.models import (
    ApplicantKind,
    Channel,
    Procedure,
    Satisfaction,
)
from danchu.onestop.stats import GROUPS


class IntakeForm(forms.Form):
    procedure = forms.TypedChoiceField(label=_("Procedure"), coerce=int)
    applicant_kind = forms.ChoiceField(
        label=_("Applicant is"), choices=ApplicantKind.choices, initial=ApplicantKind.PERSON
    )
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=255)
    applicant_id = forms.CharField(label=_("Citizen ID number or tax code"), max_length=20)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("Email"), required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=255, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.IN_PERSON
    )
    documents = forms.TypedMultipleChoiceField(
        label=_("Documents checked"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons = forms.CharField(
        label=_("Reasons for refusing (only to refuse)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        procedures: list[Procedure],
        chosen: Procedure | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        procedure = self.fields["procedure"]
        assert isinstance(procedure, forms.ChoiceField)
        procedure.choices = [("", "—")] + [
            (p.pk, f"{p.code} — {p.current.name}") for p in procedures if p.current
        ]
        documents = self.fields["documents"]
        assert isinstance(documents, forms.ChoiceField)
        if chosen is not None and chosen.current is not None:
            documents.choices = [
                (d.order, f"{d.name} ({d.copies} {d.get_kind_display()})")
                for d in chosen.current.documents.all()
            ]


class NoteForm(forms.Form):
    """The one free-text field most transitions take (a reason, what is missing, a note)."""

    text = forms.CharField(
        label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DecideForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
    )
    result_number = forms.CharField(
        label=_("Result document number"), max_length=80, required=False
    )
    reasons = forms.CharField(
        label=_("Reasons for refusing"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApologyForm(forms.Form):
    new_date = DateField(label=_("New appointment date"))
    reason = forms.CharField(
        label=_("Reason for the delay"), widget=forms.Textarea(attrs={"rows": 2})
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PeriodForm(BasePeriodForm):
    group_by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("", _("No grouping")),
            ("field", _("Field")),
            ("procedure", _("Procedure")),
            ("division", _("Division")),
            ("officer", _("Officer")),
        ],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("group_by") and data["group_by"] not in GROUPS:
            self.add_error("group_by", _("Unknown grouping."))
        return data


class LookupForm(forms.Form):
    code = forms.RegexField(
        label=_("Dossier code"),
        regex=r"^\s*\S+-\d{6}-\d{4}\s*$",
        max_length=60,
        help_text=_("As printed on the receipt, e.g. 000.00.12.H26-250203-0001."),
        error_messages={
            "invalid": _("This is not a dossier code: it looks like 000.00.12.H26-250203-0001.")
        },
    )
    id_digits = forms.RegexField(
        label=_("Last 4 digits of the applicant's ID number or tax code"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Enter exactly 4 digits.")},
    )


class RatingForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    id_digits = forms.CharField(widget=forms.HiddenInput)
    satisfaction = forms.ChoiceField(
        label=_("How satisfied are you?"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProcedureFormUpload(forms.Form):
    file = forms.FileField(label=_("Form to download (PDF, Word or Excel, at most 10 MB)"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
