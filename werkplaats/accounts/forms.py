"""Forms of accounts. Every message says what is wrong and how to fix it, in the user's language."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from werkplaats.groups.models import MemberRole

EMAIL_INVALID = _("Enter a valid e-mail address, for example name@gemeente.nl.")


def required(label):
    return {"required": _("Please fill in “%(label)s”.") % {"label": label}}


def name_field(label, *, required_field=True):
    messages = required(label) if required_field else {}
    messages["max_length"] = _("Use at most %(limit_value)d characters (now %(show_value)d).")
    return forms.CharField(
        label=label,
        max_length=150,
        required=required_field,
        error_messages=messages,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={**required(_("E-mail address")), "invalid": EMAIL_INVALID},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    first_name = name_field(_("First name"), required_field=False)
    last_name = name_field(_("Last name"), required_field=False)
    message = forms.CharField(
        label=_("Personal message"),
        required=False,
        max_length=2000,
        help_text=_("Optional. Goes with the invitation in the e-mail."),
        error_messages={
            "max_length": _("Use at most %(limit_value)d characters (now %(show_value)d).")
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_name"].widget.attrs["autocomplete"] = "off"
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        if group is not None:
            self.fields["group_role"] = forms.ChoiceField(
                label=_("Role in the group"),
                choices=MemberRole.choices,
                initial=MemberRole.MEMBER,
                error_messages={
                    **required(_("Role in the group")),
                    "invalid_choice": _("Choose a role in the group from the list."),
                },
            )
            self.order_fields(["email", "first_name", "last_name", "group_role", "message"])


class AcceptInvitationForm(forms.Form):
    """Name and password of someone accepting an invitation; Django's password validators."""

    first_name = name_field(_("First name"))
    last_name = name_field(_("Last name"))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 8 characters. Not only digits, not a common password and not like your "
            "name or e-mail address."
        ),
        error_messages=required(_("Password")),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password again, to be sure there is no typing error."),
        error_messages=required(_("Password (again)")),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2", _("The two passwords are not the same. Type the same password twice.")
            )
        elif password1:
            user = get_user_model()(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SignupExtraForm(forms.Form):
    """The name fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS), so a coordinator
    knows who asks for approval."""

    first_name = name_field(_("First name"))
    last_name = name_field(_("Last name"))

    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
