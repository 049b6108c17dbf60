"""Forms of a group's private workspace. They parse and check input; the rules that matter are
enforced again by workspace_services, which the views call with the cleaned data."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import workspace_services as services
from .models import ActionKind, Meeting, Post

POST_MAX = Post._meta.get_field("body").max_length


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mention someone from this group with @ and their mention name."),
        error_messages={
            "required": _("Write a message before you send it."),
            "max_length": _(
                "Your message is too long (%(show_value)d characters). Keep it under "
                "%(limit_value)d characters, or share a longer text as a file."
            ),
        },
    )

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        if parent is not None:
            self.fields["body"].label = _("Your reply")
            self.fields["body"].help_text = ""


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text="",
        error_messages={
            "required": _("Choose a file to share."),
            "empty": _("The file is empty. Choose a file with content."),
            "invalid": _("No file was received. Choose the file again."),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=300,
        help_text=_("Optional: what is in it, for which meeting."),
        error_messages={
            "max_length": _("Keep the description under %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        from .filetypes import ALLOWED_DESCRIPTION

        self.fields["file"].help_text = _("%(kinds)s; at most %(max)s MB.") % {
            "kinds": ALLOWED_DESCRIPTION,
            "max": settings.WORKSPACE_MAX_UPLOAD_MB,
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.kind = services.validate_upload(upload)
        return upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


TOO_LONG = _("The text is too long: at most %(limit_value)d characters. Shorten it.")
DATE_ERRORS = {"invalid": _("Enter a valid date, for example 15-03-2025.")}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "title", "place", "notes", "learned", "do_differently"]
        widgets = {
            "held_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 8}),
            "learned": forms.Textarea(attrs={"rows": 4}),
            "do_differently": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "held_on": _("Date of the meeting"),
            "notes": _("Notes"),
            "learned": _("What did we learn?"),
            "do_differently": _("What do we do differently?"),
        }
        error_messages = {
            "held_on": {
                "required": _("Enter the date of the meeting, for example 15-03-2025."),
                **DATE_ERRORS,
            },
            "title": {
                "required": _("Give the meeting a title, for example its main subject."),
                "max_length": _("Keep the title under %(limit_value)d characters."),
            },
            "place": {"max_length": _("Keep the place under %(limit_value)d characters.")},
            "notes": {"max_length": TOO_LONG},
            "learned": {"max_length": TOO_LONG},
            "do_differently": {"max_length": TOO_LONG},
        }


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return person.full_name


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(ActionKind.TODO, _("To-do")), (ActionKind.DECISION, _("Decision"))],
        initial=ActionKind.TODO,
        error_messages={"required": _("Choose: a to-do or a decision.")},
    )
    text = forms.CharField(
        label=_("Description"),
        max_length=500,
        error_messages={
            "required": _("Describe the action or decision."),
            "max_length": _("Keep the description under %(limit_value)d characters."),
        },
    )
    assignee = MemberChoiceField(
        label=_("Who (for a to-do)"),
        queryset=None,
        required=False,
        empty_label=_("– nobody yet –"),
        error_messages={"invalid_choice": _("Choose someone who is a member of this group.")},
    )
    due_on = forms.DateField(
        label=_("Deadline (to-do) or date (decision)"),
        required=False,
        widget=DateInput(),
        error_messages=DATE_ERRORS,
    )
    meeting = forms.ModelChoiceField(
        label=_("From meeting"),
        queryset=None,
        required=False,
        empty_label=_("– no meeting –"),
        error_messages={"invalid_choice": _("Choose a meeting of this group.")},
    )

    def __init__(self, *args, group, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["assignee"].queryset = services.current_members(group).order_by(
            "first_name", "last_name"
        )
        self.fields["meeting"].queryset = Meeting.objects.filter(group=group).order_by(
            "-held_on", "-pk"
        )

    def clean(self):
        data = super().clean()
        due_on = data.get("due_on")
        if (
            not self.editing
            and data.get("kind") == ActionKind.TODO
            and due_on is not None
            and due_on < timezone.localdate()
        ):
            self.add_error(
                "due_on",
                ValidationError(
                    _("The deadline has already passed. Choose today or a date in the future.")
                ),
            )
        return data
