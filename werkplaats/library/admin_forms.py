"""Forms of the "Bibliotheek" menu in /beheer/: products and practice knowledge, written through
the library's services, and the review decision.

The model forms validate as usual, but never save themselves: `save_entry(actor)` hands the
cleaned values to services.create_product / create_practice_item / update_entry (so a Version
is recorded and the privacy guard runs), and a change of "who sees it" to services.share (a
coordinator's own request for public is approved at once, after the privacy guard).
"""

from django import forms
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from werkplaats.groups.models import LearningGroup, LearningQuestion
from werkplaats.network.models import Person, Role

from . import services
from .models import PracticeItem

VISIBILITY_HELP = _(
    "Sharing more widely first runs the privacy guard: a text with possible personal details "
    "of clients is refused. Choosing “everyone” here approves it at once."
)


class LibraryEntryAdminForm(WagtailAdminModelForm):
    """What products and practice items share: saving through the services."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "visibility" in self.fields:
            self.fields["visibility"].help_text = VISIBILITY_HELP
        if "learning_questions" in self.fields:
            self.fields["learning_questions"].queryset = LearningQuestion.objects.select_related(
                "group"
            ).order_by("group__name", "position", "pk")
            self.fields["learning_questions"].label_from_instance = lambda question: (
                f"{question.group.name}: {question.question}"
            )

    def save(self, commit=True):
        raise NotImplementedError("Library entries are saved through save_entry(actor).")

    def _values(self):
        model = self._meta.model
        fields = {
            name: self.cleaned_data[name]
            for name in model.versioned_fields
            if name in self.cleaned_data
        }
        relations = {
            name: self.cleaned_data[name]
            for name in model.versioned_relations
            if name in self.cleaned_data
        }
        return fields, relations

    def create(self, actor, fields, relations):
        raise NotImplementedError

    def save_entry(self, actor):
        """Create or update the entry as `actor`, then share it if its audience changed.

        Raises ValidationError (also services.PrivacyFindings) when the services refuse; the
        caller runs this in one transaction, so nothing is kept of a refused save.
        """
        fields, relations = self._values()
        if self.instance.pk is None:
            entry = self.create(actor, fields, relations)
        else:
            entry = services.update_entry(actor, self.instance, relations=relations, **fields)
        visibility = self.cleaned_data.get("visibility")
        if visibility and visibility != entry.visibility:
            entry = services.share(actor, entry, visibility)
        return entry


class ProductAdminForm(LibraryEntryAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authors" in self.fields:
            self.fields["authors"].queryset = Person.objects.order_by("first_name", "last_name")
        if "practice_items" in self.fields:
            self.fields["practice_items"].queryset = PracticeItem.objects.order_by("title")

    def create(self, actor, fields, relations):
        return services.create_product(actor, relations=relations, **fields)


class PracticeItemAdminForm(LibraryEntryAdminForm):
    roles = forms.MultipleChoiceField(
        label=_("roles it concerns"),
        choices=Role.choices,
        required=False,
        widget=CheckboxSelectMultiple,
        help_text=_("The roles this is about, e.g. social professional, resident."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group = self.fields.get("group")
        if group is not None:
            if self.instance.pk:
                # Where an entry came from decides who sees it while private: it stays.
                group.disabled = True
                group.help_text = _("The group an entry came from cannot be changed.")
            else:
                group.queryset = LearningGroup.objects.filter(archived_at__isnull=True)
                group.help_text = _(
                    "Only groups that are not archived: the entry is written in their name."
                )
        answers = self.fields.get("answers_to")
        if answers is not None:
            answers.queryset = PracticeItem.objects.exclude(
                Q(pk=self.instance.pk) if self.instance.pk else Q(pk__in=[])
            ).order_by("title")

    def create(self, actor, fields, relations):
        return services.create_practice_item(
            actor, self.cleaned_data["group"], relations=relations, **fields
        )


class ReviewDecisionForm(forms.Form):
    """Approve or turn down one request to make an entry public."""

    APPROVE = "goedkeuren"
    REJECT = "afwijzen"

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(APPROVE, _("Approve: make public")), (REJECT, _("Turn down"))],
        error_messages={"required": _("Choose whether to approve or turn down the request.")},
    )
    note = forms.CharField(
        label=_("Why not (for the group)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when you turn a request down: say what the group should change."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not (cleaned.get("note") or "").strip():
            self.add_error(
                "note", _("Say why you turn it down, so the group knows what to change.")
            )
        return cleaned
