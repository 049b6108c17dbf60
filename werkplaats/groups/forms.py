"""Forms of the group pages. Messages say what is wrong and how to fix it."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from werkplaats.website.models import ThemePage

from . import selectors
from .models import GroupKind, JoinRequest, MemberRole, QuestionStatus

MOTIVATION_MAX = JoinRequest._meta.get_field("motivation").max_length


class GroupFilterForm(forms.Form):
    """The GET filter of /groepen/. Unknown values are ignored rather than refused: a filter
    link that no longer matches simply shows everything."""

    soort = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds"))]
        + [(value, capfirst(label)) for value, label in GroupKind.choices],
    )
    thema = forms.ChoiceField(label=_("Theme"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Current and completed")),
            (selectors.STATUS_CURRENT, _("Current")),
            (selectors.STATUS_COMPLETED, _("Completed")),
        ],
    )

    def __init__(self, *args, themes=(), **kwargs):
        """`themes`: (slug, title) pairs to choose from."""
        super().__init__(*args, **kwargs)
        self.fields["thema"].choices = [("", _("All themes"))] + list(themes)

    def filters(self):
        """The filters as keyword arguments for selectors.group_list; invalid ones are dropped."""

        def valid(name):
            value = self.data.get(name, "")
            return value if value in dict(self.fields[name].choices) else ""

        return {
            "kind": valid("soort"),
            "theme": valid("thema"),
            "status": valid("status"),
        }


class JoinRequestForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to join?"),
        help_text=_(
            "Optional. Tell the group leads what you bring or want to learn (at most 2000 "
            "characters)."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MOTIVATION_MAX,
        error_messages={
            "max_length": _(
                "Your motivation is %(show_value)d characters long; shorten it to at most "
                "%(limit_value)d characters."
            ),
        },
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MemberRole.choices,
        error_messages={"invalid_choice": _("Choose one of the roles in the list.")},
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Learning question"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Write the learning question, for example: 'How do we …?'"),
            "max_length": _(
                "The question is %(show_value)d characters long; shorten it to at most "
                "%(limit_value)d characters and put the rest in the explanation."
            ),
        },
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if not question:
            raise forms.ValidationError(
                _("Write the learning question, for example: 'How do we …?'"), code="required"
            )
        return question


class QuestionEditForm(QuestionForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, capfirst(label)) for value, label in QuestionStatus.choices],
        error_messages={"invalid_choice": _("Choose one of the statuses in the list.")},
    )
    answer_summary = forms.CharField(
        label=_("What answered it?"),
        help_text=_("Required when the question is answered: a product, a meeting, an insight."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == QuestionStatus.ANSWERED
            and not (cleaned.get("answer_summary") or "").strip()
        ):
            self.add_error(
                "answer_summary",
                _("Describe what answered the question, for example a product or a meeting."),
            )
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GroupSettingsForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        help_text=_("One sentence for lists and search results (at most 300 characters)."),
        max_length=300,
        error_messages={
            "required": _("Write a one-sentence summary of what the group works on."),
            "max_length": _(
                "The summary is %(show_value)d characters long; shorten it to at most "
                "%(limit_value)d characters."
            ),
        },
    )
    description = forms.CharField(
        label=_("Public description"),
        help_text=_("Everyone can read this on the group's public page."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=ThemePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        error_messages={
            "required": _("Fill in the start date, for example 1-11-2017."),
            "invalid": _("Fill in a valid date, for example 1-11-2017."),
        },
    )
    ends_on = forms.DateField(
        label=_("End date"),
        help_text=_("Leave empty when the end is not known yet."),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Fill in a valid date, for example 31-12-2018.")},
    )
    is_open = forms.BooleanField(
        label=_("Open to join requests"),
        help_text=_("Members of the Werkplaats can ask to join; a group lead decides."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ThemePage.objects.live().order_by("title")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                _(
                    "The end date is before the start date. Choose an end date on or after "
                    "the start."
                ),
            )
        return cleaned
