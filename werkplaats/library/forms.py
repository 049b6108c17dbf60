"""Forms for writing, sharing and reviewing library entries in the member area.

They parse and check input; the rules that matter (who may write, the privacy guard, review)
are enforced again by `services`, which the views call with `form.fields_and_relations()`.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkplaats.groups.models import LearningGroup, LearningQuestion, Membership
from werkplaats.network.models import Municipality, Person, Role
from werkplaats.website.models import ThemePage

from .models import (
    GuardedName,
    Licence,
    PracticeItem,
    PracticeKind,
    Product,
    ProductKind,
    Version,
    Visibility,
)

# The kinds a practice example or tip can answer.
ANSWERABLE_KINDS = (PracticeKind.DILEMMA, PracticeKind.CASE, PracticeKind.QUESTION)


def _max(model, name):
    return model._meta.get_field(name).max_length


def _too_long():
    return _(
        "This is too long (%(show_value)d characters). Keep it under %(limit_value)d characters."
    )


def _text(model, name, label, *, required=False, rows=None, help_text="", required_message=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    messages = {"max_length": _too_long()}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=_max(model, name),
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages=messages,
    )


def _checkboxes(label, queryset=None, choices=None, help_text=""):
    invalid = _("Choose from the list; “%(value)s” is not one of the choices.")
    if choices is not None:
        return forms.MultipleChoiceField(
            label=label,
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=help_text,
            error_messages={"invalid_choice": _("Choose from the list: %(value)s is not in it.")},
        )
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={
            "invalid_choice": invalid,
            "invalid_pk_value": _("Choose from the list; “%(pk)s” is not one of the choices."),
        },
    )


class EntryForm(forms.Form):
    """What the practice item and product forms share: fields vs relations, the change note."""

    model = None
    relation_names: tuple[str, ...] = ()

    note = forms.CharField(
        label=_("What did you change?"),
        required=False,
        max_length=_max(Version, "note"),
        help_text=_("Optional: a short note for the history, e.g. 'names removed'."),
        error_messages={"max_length": _too_long()},
    )

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["note"]
        self.fields["themes"].queryset = ThemePage.objects.live().order_by("title")
        self.fields["municipalities"].queryset = Municipality.objects.filter(in_region=True)

    def fields_and_relations(self):
        """(plain field values, {relation: objects}, note) for the services."""
        data = dict(self.cleaned_data)
        note = data.pop("note", "")
        relations = {name: list(data.pop(name)) for name in self.relation_names if name in data}
        return data, relations, note

    @classmethod
    def initial_for(cls, entry):
        initial = {
            name: getattr(entry, name) for name in cls.base_fields if name in entry.versioned_fields
        }
        for name in cls.relation_names:
            initial[name] = list(getattr(entry, name).all())
        return initial


class PracticeItemForm(EntryForm):
    relation_names = ("themes", "municipalities", "answers_to", "learning_questions")

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose a kind")), *PracticeKind.choices],
        error_messages={
            "required": _("Choose what it is: a dilemma, case, practice example, question or tip."),
            "invalid_choice": _("Choose one of the kinds in the list."),
        },
    )
    title = _text(
        PracticeItem,
        "title",
        _("Title"),
        required=True,
        required_message=_("Give it a title, e.g. 'Formeel of informeel: wie helpt mevrouw?'."),
    )
    summary = _text(
        PracticeItem,
        "summary",
        _("Summary"),
        required=True,
        rows=2,
        help_text=_("One or two sentences for lists and search."),
        required_message=_("Write one or two sentences about what it is about."),
    )
    body = _text(
        PracticeItem,
        "body",
        _("Text"),
        required=True,
        rows=12,
        help_text=_("Leave out names, addresses and other details of clients."),
        required_message=_("Write the text: the situation, the question, what you did."),
    )
    roles = _checkboxes(_("Roles it concerns"), choices=Role.choices)
    themes = _checkboxes(_("Themes"), ThemePage.objects.none())
    municipalities = _checkboxes(_("Municipalities"), Municipality.objects.none())
    answers_to = _checkboxes(
        _("Answers"),
        PracticeItem.objects.none(),
        help_text=_("The dilemmas, cases or questions this example or tip answers."),
    )
    learning_questions = _checkboxes(
        _("Learning questions of the group"), LearningQuestion.objects.none()
    )

    field_order = [
        "kind",
        "title",
        "summary",
        "body",
        "roles",
        "themes",
        "municipalities",
        "answers_to",
        "learning_questions",
        "note",
    ]

    def __init__(self, *args, user, group, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        answerable = PracticeItem.objects.visible_to(user).filter(kind__in=ANSWERABLE_KINDS)
        if entry is not None:
            # What it answers already stays, even when the editor cannot see it otherwise.
            current = entry.answers_to.values("pk")
            answerable = PracticeItem.objects.filter(
                Q(pk__in=answerable.values("pk")) | Q(pk__in=current)
            ).exclude(pk=entry.pk)
        self.fields["answers_to"].queryset = answerable.order_by("title", "pk")
        self.fields["learning_questions"].queryset = LearningQuestion.objects.filter(group=group)


class ProductForm(EntryForm):
    relation_names = (
        "themes",
        "municipalities",
        "authors",
        "learning_questions",
        "practice_items",
        "groups",
    )

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Choose a kind")), *ProductKind.choices],
        error_messages={
            "required": _("Choose what kind of product it is."),
            "invalid_choice": _("Choose one of the kinds in the list."),
        },
    )
    title = _text(
        Product,
        "title",
        _("Title"),
        required=True,
        required_message=_("Give the product a title, e.g. 'Leren transformeren'."),
    )
    summary = _text(
        Product,
        "summary",
        _("Summary"),
        required=True,
        rows=2,
        help_text=_("One or two sentences for lists and search."),
        required_message=_("Write one or two sentences about the product."),
    )
    description = _text(Product, "description", _("Description"), rows=8)
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1990,
        max_value=2100,
        error_messages={
            "required": _("Fill in the year the product was made, e.g. 2018."),
            "invalid": _("Fill in a year as a number, e.g. 2018."),
            "min_value": _("Fill in a year from 1990 on."),
            "max_value": _("Fill in a year before 2100."),
        },
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY,
        help_text=_("How others may reuse it. CC BY: with the makers' names."),
        error_messages={"invalid_choice": _("Choose one of the licences in the list.")},
    )
    author_names = _text(
        Product,
        "author_names",
        _("Other authors"),
        help_text=_("Authors without a profile here, e.g. 'Lectoraat Integraal Werken'."),
    )
    authors = _checkboxes(_("Authors from the group"), Person.objects.none())
    external_url = forms.URLField(
        assume_scheme="https",
        label=_("Link to the product elsewhere"),
        required=False,
        max_length=_max(Product, "external_url"),
        error_messages={"invalid": _("Fill in a full web address, e.g. https://example.nl/.")},
    )
    themes = _checkboxes(_("Themes"), ThemePage.objects.none())
    municipalities = _checkboxes(_("Municipalities"), Municipality.objects.none())
    aim = _text(Product, "aim", _("Aim"), rows=3)
    target_group = _text(Product, "target_group", _("Target group"), rows=3)
    approach = _text(Product, "approach", _("Approach"), rows=5)
    working_elements = _text(
        Product,
        "working_elements",
        _("Working elements"),
        rows=4,
        help_text=_("What makes it work (werkzame elementen)."),
    )
    results = _text(Product, "results", _("Results and evidence"), rows=4)
    conditions = _text(Product, "conditions", _("Conditions"), rows=3)
    requirements = _text(Product, "requirements", _("What you need"), rows=3)
    contact = _text(Product, "contact", _("Contact"), rows=2)
    learning_questions = _checkboxes(
        _("Learning questions it answers"), LearningQuestion.objects.none()
    )
    practice_items = _checkboxes(
        _("Practice knowledge it builds on"),
        PracticeItem.objects.none(),
        help_text=_("Dilemmas, cases and examples of the group that went into it."),
    )
    # Only when editing: a new product belongs to the group it is written in.
    groups = forms.ModelMultipleChoiceField(
        label=_("Made by the groups"),
        queryset=LearningGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Groups whose members may edit it. You can add the groups you are in."),
        error_messages={
            "required": _("A product belongs to at least one group."),
            "invalid_choice": _("Choose from the list; “%(value)s” is not one of the choices."),
            "invalid_pk_value": _("Choose from the list; “%(pk)s” is not one of the choices."),
        },
    )
    # Not a versioned field itself: the view turns an upload into the `cover` image.
    cover_upload = forms.FileField(
        label=_("New cover image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Shown above the product and in lists."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    def __init__(self, *args, groups, entry=None, user=None, **kwargs):
        """`groups`: the product's groups (their members may be authors); `user`, when
        editing, may add the groups they are a member of."""
        super().__init__(*args, **kwargs)
        if entry is None or user is None:
            del self.fields["groups"]
        else:
            own = Membership.objects.current().filter(person__user=user).values("group_id")
            self.fields["groups"].queryset = LearningGroup.objects.filter(
                Q(pk__in=own, archived_at__isnull=True) | Q(pk__in=[g.pk for g in groups])
            ).order_by("name")
        group_ids = [group.pk for group in groups]
        members = Membership.objects.current().filter(group_id__in=group_ids)
        authors = Q(pk__in=members.values("person_id"))
        if entry is not None:
            # Authors from elsewhere (or former members) stay authors when the product is edited.
            authors |= Q(pk__in=entry.authors.values("pk"))
        self.fields["authors"].queryset = (
            Person.objects.filter(authors).order_by("first_name", "last_name", "pk").distinct()
        )
        self.fields["learning_questions"].queryset = LearningQuestion.objects.filter(
            group_id__in=group_ids
        ).select_related("group")
        items = Q(group_id__in=group_ids)
        if entry is not None:
            items |= Q(pk__in=entry.practice_items.values("pk"))
        self.fields["practice_items"].queryset = PracticeItem.objects.filter(items).order_by(
            "title", "pk"
        )
        if entry is None or not entry.cover_id:
            del self.fields["remove_cover"]

    def clean_cover_upload(self):
        from werkplaats.network.images import validate_photo

        upload = self.cleaned_data.get("cover_upload")
        if upload:
            validate_photo(upload)
        return upload

    def fields_and_relations(self):
        """As EntryForm's; the cover's upload and removal stay on the form (`cover_change`)."""
        data, relations, note = super().fields_and_relations()
        data.pop("cover_upload", None)
        data.pop("remove_cover", None)
        return data, relations, note

    @property
    def cover_change(self):
        """The new cover's upload, "remove", or None to keep the cover as it is."""
        if self.cleaned_data.get("cover_upload"):
            return self.cleaned_data["cover_upload"]
        if self.cleaned_data.get("remove_cover"):
            return "remove"
        return None

    def transfer_fields(self):
        """The bound fields of the transferable description, shown in their own group."""
        return [self[name] for name in Product.TRANSFER_FIELDS]

    TAIL = ("learning_questions", "practice_items", "note")

    def main_fields(self):
        return [field for field in self if field.name not in (*Product.TRANSFER_FIELDS, *self.TAIL)]

    def tail_fields(self):
        return [field for field in self if field.name in self.TAIL]


class ShareForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who may see it."),
            "invalid_choice": _("Choose one of the options in the list."),
        },
    )


class WaiveForm(forms.Form):
    """One privacy finding (by its key) marked as not personal, for a step of sharing."""

    key = forms.CharField(max_length=600)
    visibility = forms.ChoiceField(choices=[(Visibility.MEMBERS, ""), (Visibility.PUBLIC, "")])


class GuardedNameForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=_max(GuardedName, "name"),
        help_text=_("A first name, surname or street, as it could appear in a text."),
        error_messages={
            "required": _("Type a name."),
            "max_length": _("A name can be at most %(limit_value)d characters."),
        },
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Why not (yet)?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The group reads this; say what should change."),
        error_messages={
            "required": _("Say why, so the group knows what to change."),
            "max_length": _too_long(),
        },
    )
