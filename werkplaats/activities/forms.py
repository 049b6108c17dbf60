"""Forms of the public activity pages: the calendar filter and the sign-up forms.

Messages say what is wrong and how to fix it. Spam protection is the contact form's (the
honeypot field and the per-client rate limit of werkplaats.website.forms), not a second one.
"""

import datetime

from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from werkplaats.core.ratelimit import client_over_limit, over_limit
from werkplaats.network.models import Person, Role
from werkplaats.website.forms import HONEYPOT_FIELD, HoneypotInput

from .models import ActivityKind
from .selectors import MONTH_FORMAT

NAME_MAX = Person._meta.get_field("first_name").max_length
LAST_NAME_MAX = Person._meta.get_field("last_name").max_length
ORGANISATION_MAX = 200
ANSWER_MAX = 1000


def _month_label(value):
    month = datetime.datetime.strptime(value, MONTH_FORMAT).date()
    return capfirst(formats.date_format(month, "F Y"))


class ActivityFilterForm(forms.Form):
    """The GET filter of /activiteiten/ and the archive. Unknown values are ignored rather than
    refused: a filter link that no longer matches simply shows everything."""

    soort = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))]
        + [(value, capfirst(label)) for value, label in ActivityKind.choices],
    )
    thema = forms.ChoiceField(label=_("Theme"), required=False)
    gemeente = forms.ChoiceField(label=_("Municipality"), required=False)
    maand = forms.ChoiceField(label=_("Month"), required=False)

    def __init__(self, *args, themes=(), municipalities=(), months=(), **kwargs):
        """`themes`, `municipalities`: (slug, name) pairs; `months`: "YYYY-MM" values."""
        super().__init__(*args, **kwargs)
        self.choice_sources = {"themes": themes, "municipalities": municipalities, "months": months}
        self.fields["thema"].choices = [("", _("All themes"))] + list(themes)
        self.fields["gemeente"].choices = [("", _("All municipalities"))] + list(municipalities)
        self.fields["maand"].choices = [("", _("All months"))] + [
            (month, _month_label(month)) for month in months
        ]

    def filters(self):
        """The filters as keyword arguments for the selectors; invalid ones are dropped."""

        def valid(name):
            value = self.data.get(name, "")
            return value if value in dict(self.fields[name].choices) else ""

        return {
            "kind": valid("soort"),
            "theme": valid("thema"),
            "municipality": valid("gemeente"),
            "month": valid("maand"),
        }


class QuestionsMixin:
    """One text field per extra question of the activity, named `vraag_<id>`."""

    def add_questions(self, questions):
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"vraag_{question.pk}"] = forms.CharField(
                label=question.label,
                help_text=question.help_text,
                required=question.required,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": _("Answer the question “%(question)s”.")
                    % {"question": question.label},
                    "max_length": _(
                        "Your answer is %(show_value)d characters long; shorten it to at most "
                        "%(limit_value)d characters."
                    ),
                },
            )

    def answers(self):
        """The answers keyed by question id, as services expect them."""
        return {
            str(question.pk): self.cleaned_data.get(f"vraag_{question.pk}", "")
            for question in self.questions
        }


class MemberRegistrationForm(QuestionsMixin, forms.Form):
    """A member signs up in one click; only the activity's extra questions, if any."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_questions(questions)


class VisitorRegistrationForm(QuestionsMixin, forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=NAME_MAX,
        error_messages={
            "required": _("Fill in your first name."),
            "max_length": _(
                "Your first name is %(show_value)d characters long; use at most "
                "%(limit_value)d characters."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=LAST_NAME_MAX,
        error_messages={
            "required": _("Fill in your last name, so the organisers know who is coming."),
            "max_length": _(
                "Your last name is %(show_value)d characters long; use at most "
                "%(limit_value)d characters."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the link to confirm your sign-up to this address."),
        max_length=254,
        error_messages={
            "required": _("Fill in your e-mail address, for example name@gemeente.nl."),
            "invalid": _("Enter a valid e-mail address, for example name@gemeente.nl."),
            "max_length": _(
                "This e-mail address is %(show_value)d characters long; an address has at "
                "most %(limit_value)d characters. Check it, for example name@gemeente.nl."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, questions=(), ask_organisation_and_role=False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_organisation_and_role:
            self.fields["organisation"] = forms.CharField(
                label=_("Organisation"),
                help_text=_("Where you work or volunteer. Leave empty if this does not apply."),
                required=False,
                max_length=ORGANISATION_MAX,
                error_messages={
                    "max_length": _(
                        "The organisation's name is %(show_value)d characters long; use at "
                        "most %(limit_value)d characters."
                    ),
                },
                widget=forms.TextInput(attrs={"autocomplete": "organization"}),
            )
            self.fields["role"] = forms.ChoiceField(
                label=_("Role"),
                help_text=_("In which role do you come? Choose the one that fits best."),
                choices=[("", _("Choose a role"))]
                + [(value, capfirst(label)) for value, label in Role.choices],
                error_messages={
                    "required": _("Choose the role in which you come."),
                    "invalid_choice": _("Choose one of the roles in the list."),
                },
            )
        self.add_questions(questions)
        # Last, and hidden from people: bots fill in every field.
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean_first_name(self):
        return self._name("first_name", _("Fill in your first name."))

    def clean_last_name(self):
        return self._name(
            "last_name", _("Fill in your last name, so the organisers know who is coming.")
        )

    def _name(self, name, message):
        value = " ".join(self.cleaned_data[name].split())
        if not value:
            raise forms.ValidationError(message, code="required")
        # The name is in the confirmation mail to the address typed: refusing the characters
        # of links and markup keeps the form from being used to mail spam to others.
        if any(character in value for character in "<>@/\\:;{}[]"):
            raise forms.ValidationError(
                _("Use only letters, spaces, hyphens and apostrophes in your name."),
                code="invalid",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            # Bots fill in every field. Say nothing specific about why.
            raise forms.ValidationError(
                _("Your sign-up could not be sent. Please e-mail or call us instead."),
                code="spam",
            )
        cleaned.pop(HONEYPOT_FIELD, None)
        return cleaned

    def registration_kwargs(self):
        """Keyword arguments for services.register_visitor."""
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "organisation": data.get("organisation", ""),
            "role": data.get("role", ""),
            "answers": self.answers(),
        }


def client_rate_limited(request):
    """Count an anonymous sign-up from this client; True when it sent too many lately."""
    return client_over_limit(
        request,
        "signup",
        limit=settings.SIGNUP_RATE_LIMIT,
        window=settings.SIGNUP_RATE_WINDOW,
    )


def address_rate_limited(email):
    """Count a sign-up for this e-mail address; True when it was used too often lately. Stops
    anyone from flooding one inbox with confirmation mails from many clients."""
    return over_limit(
        "signup-address",
        email.strip().lower(),
        limit=settings.SIGNUP_ADDRESS_RATE_LIMIT,
        window=settings.SIGNUP_RATE_WINDOW,
    )
