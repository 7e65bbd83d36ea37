"""Forms of publicity and consultation: they parse; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import DateField
from danchu.core.models import Agency, User
from danchu.disclosure.models import (
    Answer,
    AudienceKind,
    Category,
    ConsultationForm,
    PublicationChannel,
    RegulationKind,
    RegulationVersion,
    Topic,
)


def _today() -> dt.date:
    return timezone.localdate()


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.username})"


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class AudienceMixin(forms.Form):
    audience_kind = forms.ChoiceField(
        label=_("For"), choices=AudienceKind.choices[:2], initial=AudienceKind.ALL
    )
    audience_unit = UnitField(
        label=_("Unit (if for a unit)"), queryset=Agency.objects.none(), required=False
    )

    def set_units(self, units: QuerySet[Agency]) -> None:
        self.fields["audience_unit"].queryset = units  # type: ignore[attr-defined]


class PublicationForm(AudienceMixin):
    category = forms.ChoiceField(label=_("Category (Art. 46)"), choices=Category.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea({"rows": 3})
    )
    decision_number = forms.CharField(label=_("Decision or document number"), max_length=60)
    decision_date = DateField(label=_("Decision date"), required=False)
    signer = forms.CharField(label=_("Signed by"), max_length=255)
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=PublicationChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[PublicationChannel.INTRANET],
    )
    published_on = DateField(label=_("Published on"), initial=_today)
    posted_until = DateField(label=_("On the intranet until"), required=False)
    file = forms.FileField(label=_("Attached file"), required=False)


class TakeDownForm(forms.Form):
    on = DateField(label=_("Taken down on"), initial=_today)


class RegulationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RegulationKind.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    owner = PersonField(label=_("Owner"), queryset=User.objects.none())

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = DateField(label=_("Decision date"), required=False)
    effective_from = DateField(label=_("In force from"), required=False)
    review_on = DateField(label=_("Review by"), required=False)
    text = forms.CharField(
        label=_("Full text (a line “Điều 1. …” starts each article)"),
        widget=forms.Textarea({"rows": 12}),
    )
    change_summary = forms.CharField(
        label=_("What changed from the previous version"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    publish = forms.BooleanField(
        label=_("Publish it to all staff now (intranet and notice board)"), required=False
    )
    posted_until = DateField(label=_("On the intranet until"), required=False)


class DisseminationForm(AudienceMixin):
    confirm_by = DateField(label=_("Confirm by"))
    document_title = forms.CharField(
        label=_("Document from above (if not a publication or a regulation)"),
        max_length=500,
        required=False,
    )
    document_number = forms.CharField(label=_("Its number"), max_length=60, required=False)


class InfoRequestForm(forms.Form):
    subject = forms.CharField(label=_("What information you ask for"), max_length=500)
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea({"rows": 3})
    )


class InfoAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea({"rows": 3}))


class ConsultationCreateForm(AudienceMixin):
    topic = forms.ChoiceField(label=_("Topic (Art. 53)"), choices=Topic.choices)
    title = forms.CharField(label=_("Title"), max_length=500)
    version = forms.ModelChoiceField(
        label=_("Draft version of a regulation"),
        queryset=RegulationVersion.objects.none(),
        required=False,
    )
    draft = forms.CharField(
        label=_("Or the draft text (a line “Điều 1. …” starts each article)"),
        required=False,
        widget=forms.Textarea({"rows": 8}),
    )
    form = forms.ChoiceField(label=_("Form"), choices=ConsultationForm.choices)
    owner = PersonField(label=_("Owner"), queryset=User.objects.none())
    opens_on = DateField(label=_("Opens on"), initial=_today)
    closes_on = DateField(label=_("Closes on"))
    anonymous_allowed = forms.BooleanField(label=_("Anonymous comments allowed"), required=False)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        versions: QuerySet[RegulationVersion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["version"].queryset = versions  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    article = forms.ChoiceField(label=_("On"), required=False)
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea({"rows": 3}))
    anonymous = forms.BooleanField(label=_("Without my name"), required=False)

    def __init__(self, *args: Any, labels: list[str], anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        article = self.fields["article"]
        assert isinstance(article, forms.ChoiceField)
        article.choices = [("", _("The whole draft")), *[(x, x) for x in labels]]
        if not anonymous:
            # Still parsed, so that a request for anonymity is refused, never dropped.
            self.fields["anonymous"].widget = forms.HiddenInput()


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), choices=Answer.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea({"rows": 2}))


class PublishSummaryForm(forms.Form):
    decision_number = forms.CharField(label=_("Number of the summary report"), max_length=60)
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=PublicationChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[PublicationChannel.NOTICE_BOARD],
    )
    posted_until = DateField(label=_("On the intranet until"), required=False)
