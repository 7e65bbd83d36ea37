"""Forms of the core app. They parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.apps import apps
from django.contrib import messages as flash
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core import uploads
from danchu.core.auth import lockout_message
from danchu.core.errors import DomainError
from danchu.core.models import AgencyKind, CalendarDayKind, ClockUnit, Role, User

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateField(forms.DateField):
    widget = DATE_INPUT

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        super().__init__(**kwargs)


def person_label(person: User) -> str:
    """A person in a picker: the name and where they work (the deepest unit held today), so
    that two people of the same name can be told apart. Uses ``active_memberships`` when the
    selector prefetched it (``core.selectors.person_list``)."""
    memberships = getattr(person, "active_memberships", None)
    if not memberships:
        return person.get_full_name()
    deepest = max(memberships, key=lambda m: m.agency.depth)
    where = deepest.position or ""
    unit = deepest.agency.short_name or deepest.agency.name
    return f"{person.get_full_name()} — {', '.join(p for p in (where, unit) if p)}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files; their number and declared sizes are checked before any is read."""

    widget = MultipleFileInput

    def __init__(self, *, max_files: int, max_bytes: int, **kwargs: Any) -> None:
        self.max_files, self.max_bytes = max_files, max_bytes
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        if message := uploads.too_many(len(items), self.max_files):
            raise forms.ValidationError(message)
        for item in items:
            if message := uploads.too_large(item.name, item.size, self.max_bytes):
                raise forms.ValidationError(message)
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


class PeriodForm(forms.Form):
    """A period for statistics: from, to (both included); this year by default."""

    start = DateField(label=_("From"))
    end = DateField(label=_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data

    @staticmethod
    def this_year() -> dict[str, dt.date]:
        today = timezone.localdate()
        return {"start": dt.date(today.year, 1, 1), "end": today}


def apply_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on the form: field messages on their fields, and the whole
    message on top (it often says more, e.g. which statute a rule would loosen)."""
    shown: set[str] = set()
    for name, messages in error.fields.items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)
                shown.add(message)
    if error.message not in shown:
        form.add_error(None, error.message)


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    call: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str],
) -> Any | None:
    """Validate ``form`` and run the service ``call`` on its data: the result (with ``done`` as
    the page's message, or made from the result), or None with the refusal shown on the form.
    Not found and forbidden are not form errors: they propagate to their error pages."""
    if not form.is_valid():
        return None
    try:
        result = call(form.cleaned_data)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        apply_domain_error(form, exc)
        return None
    flash.success(request, done if isinstance(done, str) else done(result))
    return result


class LoginForm(AuthenticationForm):
    """The login form, saying why when an account is locked or disabled."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean() or {}
        except ValidationError:
            data = self.cleaned_data or {}
            username = data.get("username")
            password = data.get("password")
            person = User.objects.filter(username=username).first() if username else None
            if person is not None:
                if person.locked_until and person.locked_until > timezone.now():
                    raise ValidationError(
                        lockout_message(person.locked_until), code="locked"
                    ) from None
                if not person.is_active and password and person.check_password(password):
                    raise ValidationError(
                        _("This account is disabled. Contact your administrator."), code="inactive"
                    ) from None
            raise

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active:
            raise ValidationError(
                _("This account is disabled. Contact your administrator."), code="inactive"
            )


class MembershipForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    start = DateField(label=_("Start"))
    end = DateField(label=_("End"), required=False)
    basis = forms.CharField(label=_("Decision or record"), max_length=255, required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ChoiceField)
        person.choices = [("", "—"), *people]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("A membership cannot end before it starts."))
        return data


class PersonCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-z0-9._-]+$",
        error_messages={
            "invalid": _(
                "Use lower-case letters without accents, digits, dots, dashes or underscores."
            )
        },
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    start = DateField(label=_("Start"))
    password = forms.CharField(
        label=_("Initial password"), widget=forms.PasswordInput, min_length=8
    )


class UnitCreateForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AgencyKind.choices, initial=AgencyKind.DIVISION
    )


class MembershipEndForm(forms.Form):
    end = DateField(label=_("End"))


class CalendarDayForm(forms.Form):
    day = DateField(label=_("Day"))
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDayKind.choices)
    decision = forms.CharField(label=_("Decision"), max_length=255)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class WorkdaysForm(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("Calendar of"), required=False, coerce=int, empty_value=None
    )
    start = DateField(label=_("From"))
    days = forms.IntegerField(
        label=_("Number of working days"), required=False, min_value=0, max_value=5000
    )
    end = DateField(label=_("To"), required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ChoiceField)
        unit.choices = [("", _("National calendar")), *units]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days, start, end = data.get("days"), data.get("start"), data.get("end")
        if days is not None and end is not None:
            self.add_error("end", _("Give either a number of working days or an end date."))
        elif days is None and end is None and not self.errors:
            self.add_error("days", _("Give a number of working days or an end date."))
        elif start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


class ClockRuleForm(forms.Form):
    code = forms.ChoiceField(label=_("Clock"))
    length = forms.IntegerField(label=_("Length"), min_value=1)
    unit = forms.ChoiceField(label=_("Time unit"), choices=ClockUnit.choices)
    max_extensions = forms.IntegerField(label=_("Extensions allowed"), min_value=0, initial=0)
    extension_length = forms.IntegerField(
        label=_("Length of one extension"), min_value=0, initial=0
    )
    effective_from = DateField(label=_("Effective from"))
    effective_to = DateField(label=_("Effective to"), required=False)
    legal_basis = forms.CharField(label=_("Decision of the agency"), max_length=255)

    def __init__(self, *args: Any, codes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        assert isinstance(code, forms.ChoiceField)
        code.choices = codes


class AuditFilterForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    since = DateField(label=_("From"), required=False)
    until = DateField(label=_("To"), required=False)
    before = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ChoiceField)
        agency.choices = [("", _("All units")), *units]
        object_type = self.fields["object_type"]
        assert isinstance(object_type, forms.ChoiceField)
        object_type.choices = [("", _("All kinds")), *audited_types()]


def audited_types() -> list[tuple[str, str]]:
    """The kinds of object Danchu's apps keep, by name, for the audit filter."""
    return sorted(
        (m._meta.label_lower, str(m._meta.verbose_name).capitalize())
        for m in apps.get_models()
        if m.__module__.startswith("danchu.")
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80)


class CodeForm(forms.Form):
    """The six digits of an authenticator app."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isdigit():
            raise ValidationError(_("The code has 6 digits."), code="format")
        return code
