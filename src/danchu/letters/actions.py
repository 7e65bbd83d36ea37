"""The actions on a letter, defined once for the pages and the API: each has its label, the
form that parses its input (page fields or a JSON object — the same messages), the permission,
the states it applies to (``services.TRANSITIONS``) and the service it calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.errors import DomainError
from danchu.core.models import User
from danchu.letters import selectors, services
from danchu.letters.forms import (
    OUTCOME_CHOICES,
    AcceptForm,
    AssignForm,
    ClassifyForm,
    ComplexityForm,
    DesignateForm,
    ExtendForm,
    ForwardForm,
    PublishForm,
    ResumeForm,
    SettleForm,
    SplitForm,
    SuspendForm,
)
from danchu.letters.models import Kind, Letter


class Action:
    def __init__(
        self,
        label: Any,
        form: Callable[..., forms.Form],
        perm: str,
        call: Callable[[User, Letter, dict[str, Any]], Any],
        when: Callable[[Letter], bool] = lambda letter: True,
    ) -> None:
        self.label, self.form, self.perm, self.call, self.when = label, form, perm, call, when

    def allowed(self, actor: User, letter: Letter, name: str) -> bool:
        states = services.TRANSITIONS.get(name)
        in_state = states is None or letter.state in states
        return in_state and self.when(letter) and actor.has_perm(self.perm, letter)


def _people_form(cls: type[forms.Form]) -> Callable[..., forms.Form]:
    def make(actor: User, letter: Letter, *args: Any, **kwargs: Any) -> forms.Form:
        people = selectors.people_of(actor=actor, agency=letter.agency)
        return cls(*args, people=people, **kwargs)  # type: ignore[call-arg]

    return make


def _plain(cls: type[forms.Form]) -> Callable[..., forms.Form]:
    def make(actor: User, letter: Letter, *args: Any, **kwargs: Any) -> forms.Form:
        return cls(*args, **kwargs)

    return make


class RevokeForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=User.objects.none())

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda u: u.get_full_name()  # type: ignore[attr-defined]


def _designated_form(actor: User, letter: Letter, *args: Any, **kwargs: Any) -> forms.Form:
    people = User.objects.filter(
        pk__in=letter.designations.filter(ended_at=None).values("person")
    ).order_by("sort_key")
    return RevokeForm(*args, people=people, **kwargs)


def _settle_form(actor: User, letter: Letter, *args: Any, **kwargs: Any) -> forms.Form:
    """Only the outcomes that fit the letter: answered for a petition, resolved for an
    accepted complaint or denunciation, closed for a letter not handled here."""
    fits = {"withdraw"}
    if letter.eligibility == "eligible":
        fits.add("answer" if letter.kind == Kind.PETITION else "resolve")
    elif letter.eligibility != "not_competent":
        fits.add("close")
    form = SettleForm(*args, **kwargs)
    outcome = form.fields["outcome"]
    assert isinstance(outcome, forms.ChoiceField)
    outcome.choices = [(k, v) for k, v in OUTCOME_CHOICES if k in fits]
    return form


def _classify_form(actor: User, letter: Letter, *args: Any, **kwargs: Any) -> forms.Form:
    earlier = selectors.earlier_letters(actor=actor, letter=letter)
    kwargs.setdefault(
        "initial", {"kind": letter.kind if letter.kind != Kind.UNCLASSIFIED else Kind.PETITION}
    )
    return ClassifyForm(*args, earlier=earlier, **kwargs)


ACTIONS: dict[str, Action] = {
    "classify": Action(
        gettext_lazy("Classify"),
        _classify_form,
        "letters.receive",
        lambda a, letter, f: services.letter_classify(actor=a, letter=letter, **f),
    ),
    "split": Action(
        gettext_lazy("Split a mixed letter"),
        _plain(SplitForm),
        "letters.receive",
        lambda a, letter, f: services.letter_split(actor=a, letter=letter, parts=f["parts"]),
    ),
    "assign": Action(
        gettext_lazy("Assign"),
        _people_form(AssignForm),
        "letters.assign",
        lambda a, letter, f: services.letter_assign(actor=a, letter=letter, **f),
    ),
    "forward": Action(
        gettext_lazy("Forward to the competent body"),
        _plain(ForwardForm),
        "letters.handle",
        lambda a, letter, f: services.letter_forward(actor=a, letter=letter, **f),
        when=lambda letter: letter.eligibility == "not_competent",
    ),
    "accept": Action(
        gettext_lazy("Accept for resolution"),
        _people_form(AcceptForm),
        "letters.handle",
        lambda a, letter, f: services.letter_accept(actor=a, letter=letter, **f),
        when=lambda letter: letter.kind in (Kind.COMPLAINT, Kind.DENUNCIATION),
    ),
    "complexity": Action(
        gettext_lazy("Mark complex"),
        _plain(ComplexityForm),
        "letters.handle",
        lambda a, letter, f: services.letter_mark_complex(actor=a, letter=letter, **f),
    ),
    "extend": Action(
        gettext_lazy("Extend"),
        _plain(ExtendForm),
        "letters.handle",
        lambda a, letter, f: services.letter_extend(actor=a, letter=letter, **f),
        # Offered while the law still allows one (a complex case, fewer than its count).
        when=lambda letter: (
            letter.kind == Kind.DENUNCIATION
            and services.allowed_extensions(letter) > letter.extensions.count()
        ),
    ),
    "suspend": Action(
        gettext_lazy("Suspend the resolution"),
        _plain(SuspendForm),
        "letters.handle",
        lambda a, letter, f: services.letter_suspend(actor=a, letter=letter, **f),
    ),
    "resume": Action(
        gettext_lazy("Resume the resolution"),
        _plain(ResumeForm),
        "letters.handle",
        lambda a, letter, f: services.letter_resume(actor=a, letter=letter, **f),
    ),
    "settle": Action(
        gettext_lazy("Record the outcome"),
        _settle_form,
        "letters.handle",
        lambda a, letter, f: services.letter_settle(actor=a, letter=letter, **f),
        # Each outcome has its own source states (TRANSITIONS): offered once classified.
        when=lambda letter: letter.state in ("classified", "accepted", "suspended"),
    ),
    "publish": Action(
        gettext_lazy("Record the publication of the conclusion"),
        _plain(PublishForm),
        "letters.handle",
        lambda a, letter, f: services.letter_publish(actor=a, letter=letter, **f),
        when=lambda letter: letter.kind == Kind.DENUNCIATION and letter.published_on is None,
    ),
    "designate": Action(
        gettext_lazy("Designate who may open the identity"),
        _people_form(DesignateForm),
        "letters.designate",
        lambda a, letter, f: services.vault_designate(actor=a, letter=letter, **f),
        when=lambda letter: letter.protected,
    ),
    "revoke": Action(
        gettext_lazy("End a designation"),
        _designated_form,
        "letters.designate",
        lambda a, letter, f: services.vault_revoke(actor=a, letter=letter, person=f["person"]),
        when=lambda letter: letter.protected and letter.designations.filter(ended_at=None).exists(),
    ),
}


def revision_of(data: Any) -> int | None:
    """The letter's revision the officer saw (``revision`` in the form or the JSON body);
    absent means "whatever it is now" (the row lock still serialises the two writes)."""
    value: Any = data.get("revision") if hasattr(data, "get") else None
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        message = _("The revision is a whole number.")
        raise DomainError("invalid", message, fields={"revision": [message]}) from None


def perform(actor: User, letter: Letter, name: str, cleaned: dict[str, Any], data: Any) -> Any:
    """Run an action whose input is valid: in one transaction, lock the letter, refuse it if
    someone else changed it since ``data['revision']``, then call the service."""
    with transaction.atomic():
        services.lock(letter, revision_of(data))
        return ACTIONS[name].call(actor, letter, cleaned)


def run(actor: User, letter: Letter, name: str, data: Any) -> Letter:
    """Parse ``data`` with the action's form and run it; bad input is a DomainError with the
    form's field messages."""
    spec = ACTIONS[name]
    form = spec.form(actor, letter, data)
    if not form.is_valid():
        fields = {k: [str(m) for m in v] for k, v in form.errors.items()}
        first = next(iter(fields.values()))[0]
        raise DomainError("invalid", first, fields=fields)
    result = perform(actor, letter, name, form.cleaned_data, data)
    return result[0].parent if isinstance(result, list) else result
