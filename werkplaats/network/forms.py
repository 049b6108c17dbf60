"""Forms of the network: the member's own profile with their affiliations."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .images import validate_photo
from .models import Affiliation, Municipality, Organisation, Person, Position, Role

VISIBILITY_FIELDS = [
    ("name_visibility", _("Name")),
    ("photo_visibility", _("Photo")),
    ("email_visibility", _("E-mail address")),
    ("organisations_visibility", _("Organisations and functions")),
    ("roles_visibility", _("Roles")),
    ("municipality_visibility", _("Municipality of work")),
    ("bio_visibility", _("About me")),
]


class ProfileForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("My roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply: many people take part in several roles at once."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP image of at most 5 MB."),
    )

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "handle",
            "photo",
            "position",
            "work_municipality",
            "bio",
            *[name for name, _label in VISIBILITY_FIELDS],
            "notification_mode",
        ]
        widgets = {
            "position": forms.RadioSelect,
            "notification_mode": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "first_name": {"required": _("Fill in your first name.")},
            "handle": {
                "required": _("Fill in a mention name, for example anne-de-vries."),
                "invalid": _(
                    "A mention name may only contain letters, digits, hyphens and underscores, "
                    "for example anne-de-vries."
                ),
                "unique": _("Someone else already uses this mention name. Choose another one."),
            },
            "bio": {
                "max_length": _(
                    "'About me' may be at most %(limit_value)d characters; "
                    "it now has %(show_value)d. Make it shorter."
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].label = _("First name")
        self.fields["last_name"].label = _("Last name")
        self.fields["handle"].label = _("Mention name")
        self.fields["position"].label = _("Paid or unpaid")
        self.fields["position"].choices = [("", _("I'd rather not say")), *Position.choices]
        self.fields["work_municipality"].label = _("Municipality where I work")
        self.fields["work_municipality"].queryset = Municipality.objects.order_by(
            "-in_region", "name"
        )
        self.fields["work_municipality"].empty_label = _("(not chosen)")
        self.fields["bio"].label = _("About me")
        for name, label in VISIBILITY_FIELDS:
            self.fields[name].label = _("Who sees: %(part)s") % {"part": str(label).lower()}
        self.fields["notification_mode"].label = _("Notifications by e-mail")
        if self.instance.pk and not self.is_bound:
            self.initial["roles"] = [role.role for role in self.instance.roles.all()]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            validate_photo(photo)
        return photo

    def clean_handle(self):
        return self.cleaned_data["handle"].lower()

    def visibility_fields(self):
        return [self[name] for name, _label in VISIBILITY_FIELDS]


class AffiliationForm(forms.ModelForm):
    class Meta:
        model = Affiliation
        fields = ["organisation", "function"]
        error_messages = {
            "organisation": {
                "required": _("Choose the organisation where you have this function."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].label = _("Organisation")
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].empty_label = _("(choose an organisation)")
        self.fields["function"].label = _("Function")
        self.fields["function"].help_text = _("For example: wijkteamlid, beleidsmedewerker.")


class BaseAffiliationFormSet(forms.BaseInlineFormSet):
    """Rows share one list of organisations: one query for the page, not one per row."""

    def __init__(self, *args, **kwargs):
        if kwargs.get("queryset") is None and kwargs.get("instance") is not None:
            kwargs["queryset"] = Affiliation.objects.filter(
                person=kwargs["instance"]
            ).select_related("organisation")
        super().__init__(*args, **kwargs)

    @cached_property
    def organisation_choices(self):
        return [("", _("(choose an organisation)"))] + [
            (pk, name)
            for pk, name in Organisation.objects.order_by("name").values_list("pk", "name")
        ]

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["organisation"].choices = self.organisation_choices
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.fields["organisation"].choices = self.organisation_choices
        return form

    def get_unique_error_message(self, unique_check):
        return _("You listed the same organisation and function twice. Remove one of them.")


AffiliationFormSet = inlineformset_factory(
    Person,
    Affiliation,
    form=AffiliationForm,
    formset=BaseAffiliationFormSet,
    extra=1,
    can_delete=True,
    max_num=10,
    validate_max=True,
)
