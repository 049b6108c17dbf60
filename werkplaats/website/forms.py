"""The contact form: fields from the admin's form builder, Dutch messages, spam protection."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from werkplaats.core.ratelimit import client_over_limit

HONEYPOT_FIELD = "website_url"


class HoneypotInput(forms.TextInput):
    """A field people never see (hidden by CSS and from screen readers) but bots fill in."""

    template_name = "website/widgets/honeypot.html"


class ContactFormBuilder(FormBuilder):
    """Adds clear messages per field type and a honeypot field to the admin-built form."""

    def get_field_options(self, field):
        options = super().get_field_options(field)
        messages = {"required": _("Please fill in “%(label)s”.") % {"label": field.label}}
        if field.field_type == "email":
            messages["invalid"] = _("Enter a valid e-mail address, for example name@gemeente.nl.")
        elif field.field_type == "singleline":
            messages["max_length"] = _(
                "Use at most %(limit_value)d characters (now %(show_value)d)."
            )
        elif field.field_type in ("date", "datetime"):
            messages["invalid"] = _("Enter a date like 31-12-2026.")
        elif field.field_type == "number":
            messages["invalid"] = _("Enter a number.")
        elif field.field_type == "url":
            messages["invalid"] = _("Enter a web address, for example https://www.gemeente.nl.")
        options["error_messages"] = messages
        return options

    def create_multiline_field(self, field, options):
        options.setdefault("max_length", 5000)
        options.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        return forms.CharField(**options)

    @property
    def formfields(self):
        fields = super().formfields
        fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        return fields

    def get_form_class(self):
        return type("ContactForm", (ContactFormBase,), self.formfields)


class ContactFormBase(BaseForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            # Bots fill in every field. Say nothing specific about why.
            raise forms.ValidationError(
                _("Your message could not be sent. Please e-mail or call us instead."),
                code="spam",
            )
        cleaned.pop(HONEYPOT_FIELD, None)
        return cleaned


def contact_rate_limited(request):
    """Count a POST to the contact form; True when this client has sent too many lately."""
    return client_over_limit(
        request,
        "contact",
        limit=settings.CONTACT_RATE_LIMIT,
        window=settings.CONTACT_RATE_WINDOW,
    )
