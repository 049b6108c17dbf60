"""Forms of the newsletter: subscribing (the page and the footer), preferences, the member page.

Bad input is refused with a message that says what to change, and nothing is written. An
address or a name goes into mail headers or a mail, so any control character (a line break
smuggling in a 'Bcc:' header) is refused, not silently removed. Spam protection is the
contact form's: the honeypot field, and per-client and per-address rate limits.
"""

import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from werkplaats.core.ratelimit import client_over_limit, over_limit
from werkplaats.website.forms import HONEYPOT_FIELD, HoneypotInput

from .models import EMAIL_MAX, NAME_MAX, Source
from .selectors import topic_choices

EMAIL_EXAMPLE_INVALID = _("Enter a valid e-mail address, for example name@gemeente.nl.")
# The hidden field naming the form a subscription comes from (the footer or the page).
SOURCE_FIELD = "bron"


def _has_control_characters(value):
    return any(unicodedata.category(character).startswith("C") for character in value)


class TopicsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            queryset=topic_choices(),
            required=False,
            label=_("Themes"),
            help_text=_("Choose the themes you want to read about. Choose none to get all news."),
            error_messages={
                "invalid_choice": _("Choose themes from the list."),
                "invalid_pk_value": _("Choose themes from the list."),
            },
            **kwargs,
        )

    def label_from_instance(self, obj):
        return obj.title


def name_field():
    return forms.CharField(
        label=_("Name"),
        required=False,
        max_length=NAME_MAX,
        help_text=_("Optional: so the newsletter can greet you by name."),
        error_messages={
            "max_length": _(
                "Your name is %(show_value)d characters long; use at most %(limit_value)d "
                "characters."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def clean_name(value):
    if _has_control_characters(value):
        raise ValidationError(
            _("Write your name on one line, without line breaks or tabs."), code="invalid"
        )
    return " ".join(value.split())


class SubscribeForm(forms.Form):
    """The subscription form of /nieuwsbrief/; the footer's form posts its first fields."""

    email = forms.CharField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX,
        help_text=_("We send a link to confirm your subscription to this address."),
        error_messages={
            "required": _("Fill in your e-mail address, for example name@gemeente.nl."),
            "max_length": _(
                "This e-mail address is %(show_value)d characters long; an address has at "
                "most %(limit_value)d characters. Check it, for example name@gemeente.nl."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = name_field()
    topics = TopicsField()
    consent = forms.BooleanField(
        label=_("I agree that the Werkplaats stores my e-mail address to send me the newsletter."),
        error_messages={
            "required": _(
                "Tick the box to agree to the privacy statement: without your consent we "
                "cannot send you the newsletter."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Last, and hidden from people: bots fill in every field.
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean_email(self):
        value = self.cleaned_data["email"]
        if _has_control_characters(value):
            raise ValidationError(
                _(
                    "An e-mail address is one line: remove the line breaks and what follows "
                    "them, for example name@gemeente.nl."
                ),
                code="invalid",
            )
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(EMAIL_EXAMPLE_INVALID, code="invalid") from None
        return value

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            # Bots fill in every field. Say nothing specific about why.
            raise forms.ValidationError(
                _("Your subscription could not be sent. Please e-mail or call us instead."),
                code="spam",
            )
        cleaned.pop(HONEYPOT_FIELD, None)
        return cleaned

    @property
    def source(self):
        if self.data.get(SOURCE_FIELD) == Source.FOOTER:
            return Source.FOOTER
        return Source.NEWSLETTER_PAGE

    def subscription_kwargs(self):
        """Keyword arguments for services.request_subscription."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "name": data["name"],
            "topics": data["topics"],
            "source": self.source,
        }


class PreferencesForm(forms.Form):
    """Name and themes, from the personal preferences link."""

    name = name_field()
    topics = TopicsField()

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])


class MemberTopicsForm(forms.Form):
    """The themes of a member's subscription (/mijn/nieuwsbrief/)."""

    topics = TopicsField()


def client_rate_limited(request):
    """Count a subscription from this client; True when it sent too many lately."""
    return client_over_limit(
        request,
        "newsletter",
        limit=settings.NEWSLETTER_RATE_LIMIT,
        window=settings.NEWSLETTER_RATE_WINDOW,
    )


def address_rate_limited(email):
    """Count a subscription for this address; True when it was used too often lately. Keeps
    anyone from flooding one inbox with confirmation mails."""
    return over_limit(
        "newsletter-address",
        email.strip().lower(),
        limit=settings.NEWSLETTER_ADDRESS_RATE_LIMIT,
        window=settings.NEWSLETTER_RATE_WINDOW,
    )
