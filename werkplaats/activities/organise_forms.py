"""Forms of the organisers' pages: a tick at the door, a walk-in, the period of the figures."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplaats.network.models import Person, Role

from .models import ACTIVE_STATUSES, ActivityKind

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


def attendees(activity):
    """The people who may be ticked on the activity's list: signed up (confirmed, waiting list
    or not yet confirmed by e-mail), or already recorded as present (walk-ins)."""
    return Person.objects.filter(
        Q(pk__in=activity.registrations.filter(status__in=ACTIVE_STATUSES).values("person"))
        | Q(pk__in=activity.attendance.values("person"))
    )


class TickForm(forms.Form):
    """One tick (present=1) or untick (present=0) of one person.

    Ticking is only for people on the list (see `attendees`); unticking is accepted for anyone
    who exists, so a retried untick of a walk-in (whose row is gone after the first) still
    answers the same."""

    person = forms.IntegerField(
        error_messages={
            "required": _("No person was chosen. Reload the list and tick again."),
            "invalid": _("No person was chosen. Reload the list and tick again."),
        }
    )
    present = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Say whether the person is present (1) or not (0)."),
            "invalid_choice": _("Say whether the person is present (1) or not (0)."),
        },
    )

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity

    def clean(self):
        cleaned = super().clean()
        pk, present = cleaned.get("person"), cleaned.get("present")
        if pk is None or present is None:
            return cleaned
        people = attendees(self.activity) if present else Person.objects.all()
        person = people.filter(pk=pk).first()
        if person is None:
            raise forms.ValidationError(
                _(
                    "This person is not signed up for this activity. Add them with the "
                    "walk-in form instead."
                ),
                code="not_registered",
            )
        cleaned["person"] = person
        return cleaned


class WalkInForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Fill in at least a first name.")},
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("With an e-mail address, their earlier sign-ups and visits join up."),
        error_messages={
            "invalid": _("Fill in a valid e-mail address, for example name@gemeente.nl."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("(unknown)"))] + list(Role.choices),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Only an organisation already known to the Werkplaats is recorded."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "inloop")
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs.update({"autocomplete": "off"})
        self.fields["last_name"].widget.attrs.update({"autocomplete": "off"})
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "inputmode": "email"})
        self.fields["organisation"].widget.attrs.update(
            {"list": "known-organisations", "autocomplete": "off"}
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        # A date input only shows ISO dates; a malformed value comes back as typed.
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value


class PeriodForm(forms.Form):
    """The period (and kinds) of the participation figures, from the query string."""

    van = forms.DateField(
        label=_("From"),
        input_formats=DATE_FORMATS,
        widget=DateInput,
        error_messages={"invalid": _("Fill in a valid date, for example 2017-01-31.")},
    )
    tot = forms.DateField(
        label=_("To (inclusive)"),
        input_formats=DATE_FORMATS,
        widget=DateInput,
        error_messages={"invalid": _("Fill in a valid date, for example 2017-12-31.")},
    )
    soort = forms.MultipleChoiceField(
        label=_("Kinds of activity"),
        required=False,
        choices=ActivityKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all kinds."),
        error_messages={"invalid_choice": _("Choose kinds from the list.")},
    )

    def __init__(self, data=None, *, default_start=None, default_end=None):
        today = timezone.localdate()
        start = default_start or today.replace(month=1, day=1)
        end = default_end or today.replace(month=12, day=31)
        if data is not None and not any(key in data for key in ("van", "tot", "soort")):
            data = None  # the first visit: show the default period, without errors
        super().__init__(data, initial={"van": start, "tot": end})
        self.default = (start, end)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error(
                "tot", _("The end date is before the start date. Choose a later end date.")
            )
        return cleaned

    def period(self):
        """(start, end, kinds) of a valid form, or the defaults when nothing was submitted."""
        if not self.is_bound:
            return (*self.default, [])
        return self.cleaned_data["van"], self.cleaned_data["tot"], self.cleaned_data["soort"]
