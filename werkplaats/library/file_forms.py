"""Forms for the files of a product and for sending a product to a colleague."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from werkplaats.website.forms import HONEYPOT_FIELD, HoneypotInput

from .extract import ALLOWED_DESCRIPTION

MESSAGE_MAX = 500
SENDER_NAME_MAX = 100

# A link in any form a mail program turns into one: a scheme, "www.", or a host name with a
# common top-level domain ("bit.ly/x", "example.com"). The mail carries the product's own link.
LINK = re.compile(
    r"[a-z][a-z0-9+.\-]*://|\bwww\.|@|"
    r"\b[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:nl|com|org|net|eu|be|de|info|io|ly|co|biz|xyz|ru|cn"
    r"|app|site|online|top|me|to|gl|link|click|shop|uk|us|fr)\b",
    re.IGNORECASE,
)


class ProductFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty. Choose a file with content."),
            "invalid": _("No file was received. Choose the file again."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Optional: how the file is shown, e.g. “Workshop slides”."),
        error_messages={"max_length": _("Keep the title under %(limit_value)d characters.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("%(kinds)s; at most %(max)s MB.") % {
            "kinds": ALLOWED_DESCRIPTION,
            "max": settings.LIBRARY_MAX_UPLOAD_MB,
        }
        self.fields["file"].widget.attrs["accept"] = (
            ".pdf,.docx,.pptx,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"
        )


class SendProductForm(forms.Form):
    """Recipient, sender and a short plain-text message. No links: no spam through us."""

    email = forms.EmailField(
        label=_("E-mail address of your colleague"),
        max_length=254,
        error_messages={
            "required": _("Fill in the e-mail address of your colleague."),
            "invalid": _("Fill in a valid e-mail address, for example naam@gemeente.nl."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    sender_name = forms.CharField(
        label=_("Your name"),
        max_length=SENDER_NAME_MAX,
        help_text=_("So your colleague knows who sends this."),
        error_messages={
            "required": _("Fill in your name, so your colleague knows who sends this."),
            "max_length": _("Your name can be at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    message = forms.CharField(
        label=_("Personal message"),
        required=False,
        max_length=MESSAGE_MAX,
        error_messages={
            "max_length": _(
                "The message is %(show_value)d characters long; use at most %(limit_value)d "
                "characters."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].help_text = _(
            "Optional, plain text, at most %(max)d characters; no web addresses."
        ) % {"max": MESSAGE_MAX}
        # Last, and hidden from people: bots fill in every field.
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean_sender_name(self):
        value = " ".join(self.cleaned_data["sender_name"].split())
        if not value:
            raise forms.ValidationError(
                _("Fill in your name, so your colleague knows who sends this."), code="required"
            )
        if any(character in value for character in "<>@/\\:;{}[]") or LINK.search(value):
            raise forms.ValidationError(
                _("Use only letters, spaces, hyphens and apostrophes in your name."),
                code="invalid",
            )
        return value

    def clean_message(self):
        value = self.cleaned_data["message"].replace("\r\n", "\n").strip()
        # Plain text: no control characters but line breaks and tabs.
        value = "".join(c for c in value if c in "\n\t" or c.isprintable())
        if LINK.search(value):
            raise forms.ValidationError(
                _(
                    "Leave web addresses and e-mail addresses out of the message: the mail "
                    "already links to the product."
                ),
                code="link",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("Your message could not be sent. Please e-mail or call us instead."),
                code="spam",
            )
        cleaned.pop(HONEYPOT_FIELD, None)
        return cleaned
