"""Forms of the public portal. Every message is in the citizen's language; nothing typed here is
ever rendered unescaped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from danchu.core import uploads
from danchu.core.forms import MultipleFileField, MultipleFileInput
from danchu.core.forms import PeriodForm as BasePeriodForm
from danchu.letters.models import Kind
from danchu.onestop.models import Level
from danchu.portal.services import KINDS, MAX_FILE, MAX_FILES


def lazy_format(template: Any, **values: Any) -> Any:
    """``template % values`` in the language of the page that shows it, not of the import."""
    return lazy(lambda: str(template) % values, str)()


class CatalogueForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    field = forms.ChoiceField(label=_("Field"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )

    def __init__(self, *args: Any, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields")), *((f, f) for f in fields)]  # type: ignore[attr-defined]


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a 6-digit code to it, and later the news of the answer."),
        max_length=254,
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("The 6-digit code from the e-mail"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class LetterForm(forms.Form):
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    kind = forms.ChoiceField(
        label=_("What are you sending?"),
        choices=[(k, label) for k, label in Kind.choices if k in KINDS],
        widget=forms.RadioSelect,
        help_text=_(
            "A petition or report asks for something or reports a problem; a complaint asks to "
            "review a decision or act concerning you; a denunciation reports a breach of the "
            "law by an official."
        ),
    )
    matter = forms.CharField(label=_("What is it about? (one line)"), max_length=300)
    content = forms.CharField(
        label=_("Your letter"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    name = forms.CharField(
        label=_("Full name"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    id_number = forms.RegexField(
        label=_("ID number (CCCD)"),
        regex=r"^\d{9}(\d{3})?$",
        required=False,
        error_messages={"invalid": _("An ID number has 9 or 12 digits.")},
    )
    phone = forms.RegexField(
        label=_("Phone"),
        regex=r"^\+?[0-9 .]{8,15}$",
        required=False,
        error_messages={"invalid": _("Enter a phone number of 8 to 15 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    protect = forms.BooleanField(
        label=_("Keep my identity secret"),
        required=False,
        help_text=_(
            "Only people the head designates may see your name and contact; a denunciation "
            "is always kept secret."
        ),
    )
    attachments = MultipleFileField(
        label=lazy_format(
            _("Attachments (PDF or images, at most %(n)d files of %(mb)d MB each)"),
            n=MAX_FILES,
            mb=MAX_FILE // uploads.MB,
        ),
        required=False,
        max_files=MAX_FILES,
        max_bytes=MAX_FILE,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class FollowForm(forms.Form):
    code = forms.RegexField(
        label=_("Letter code"),
        regex=r"(?i)^\s*\S+-DT\d{2}-\d{4}(\.\d+)?\s*$",
        max_length=60,
        help_text=_("As you were given it, e.g. 000.00.12.H26-DT26-0001."),
        error_messages={
            "invalid": _("This is not a letter code: it looks like 000.00.12.H26-DT26-0001.")
        },
    )
    key = forms.RegexField(
        label=_("Key"),
        regex=r"^[A-Za-z0-9\s-]{12,20}$",
        max_length=20,
        help_text=_("The 12 letters and digits shown when you sent the letter."),
        error_messages={"invalid": _("The key has 12 letters and digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class PeriodForm(BasePeriodForm):
    """A year, a quarter of it, or any span of days (``start``–``end``) up to today."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    field_order = ["year", "quarter", "start", "end"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # an end before the start is refused there
        if self.errors:
            return data
        today = timezone.localdate()
        start, end = data.get("start"), data.get("end")
        if start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both the first and the last day."))
            if (end - start).days > 366 * 10:
                raise forms.ValidationError(_("A period is at most ten years."))
            if (end - start).days < 27:
                # Counts of a few days could point at one citizen's letter.
                raise forms.ValidationError(_("A period is at least four weeks."))
        else:
            year = data.get("year") or today.year
            quarter = data.get("quarter")
            if quarter:
                first = dt.date(year, 3 * quarter - 2, 1)
                after = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
                start, end = first, after - dt.timedelta(days=1)
            else:
                start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if start > today:
            raise forms.ValidationError(_("Figures exist up to today: choose a past period."))
        data["start"], data["end"] = start, min(end, today)
        return data
