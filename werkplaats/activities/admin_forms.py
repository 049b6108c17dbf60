"""Forms of the "Activiteiten" menu in /beheer/: the activity form with its extra questions
inline, and the confirmation step for cancelling an activity.

Activity is a plain model (not a ClusterableModel), so the extra questions are a Django inline
formset carried by the activity form: validated with it and saved in the same transaction, and
rendered by ExtraQuestionsPanel. The rules themselves (end after start, deadline before the end,
venue in the region) are the model's clean(); the form only shows their messages.
"""

from django import forms
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.template import engines
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel

from .models import Activity, ExtraQuestion, RegistrationStatus


class ExtraQuestionForm(forms.ModelForm):
    class Meta:
        model = ExtraQuestion
        fields = ["label", "help_text", "required", "position"]


class BaseExtraQuestionFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        labels = [
            form.cleaned_data["label"].strip().lower()
            for form in self.forms
            if form.cleaned_data.get("label") and not form.cleaned_data.get("DELETE")
        ]
        if len(labels) != len(set(labels)):
            raise forms.ValidationError(
                _("Two extra questions are the same. Remove one, or ask something different.")
            )


# Two empty rows: a question can be added without JavaScript; save to get two more.
ExtraQuestionFormSet = inlineformset_factory(
    Activity,
    ExtraQuestion,
    form=ExtraQuestionForm,
    formset=BaseExtraQuestionFormSet,
    extra=2,
    can_delete=True,
)


class ActivityAdminForm(WagtailAdminModelForm):
    """The activity with its extra questions: valid together, saved together."""

    questions_prefix = "questions"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "products" in self.fields:
            self.fields["products"].queryset = self.fields["products"].queryset.order_by(
                "-year", "title"
            )
        self.questions = ExtraQuestionFormSet(
            self.data if self.is_bound else None,
            instance=self.instance,
            prefix=self.questions_prefix,
        )

    def is_valid(self):
        activity_valid = super().is_valid()
        return self.questions.is_valid() and activity_valid

    def has_changed(self):
        return super().has_changed() or self.questions.has_changed()

    def save(self, commit=True):
        activity = super().save(commit=commit)
        if commit:
            self.questions.instance = activity
            self.questions.save()
        else:
            save_m2m = self.save_m2m

            def save_m2m_and_questions():
                save_m2m()
                self.questions.instance = activity
                self.questions.save()

            self.save_m2m = save_m2m_and_questions
        return activity


# Rendered with Wagtail's own field markup, so the rows look like the rest of the form.
QUESTIONS_TEMPLATE = engines["django"].from_string(
    """{% load wagtailadmin_tags %}{{ formset.management_form }}
{% if formset.non_form_errors %}<div class="help-block help-critical" role="alert">
{% for error in formset.non_form_errors %}<p>{{ error }}</p>{% endfor %}</div>{% endif %}
<p class="help">{{ intro }}</p>
{% for legend, form in rows %}<fieldset class="w-mb-6">
<legend class="w-label-2">{{ legend }}</legend>
{% for field in form.hidden_fields %}{{ field }}{% endfor %}
{% for error in form.non_field_errors %}
<p class="help-block help-critical">{{ error }}</p>{% endfor %}
{% for field in form.visible_fields %}{% formattedfield field %}{% endfor %}
</fieldset>{% endfor %}"""
)


class ExtraQuestionsPanel(Panel):
    """The extra questions of ActivityAdminForm (its `questions` formset) inline in the form."""

    class BoundPanel(Panel.BoundPanel):
        def render_html(self, parent_context=None):
            formset = self.form.questions
            rows = [
                (
                    gettext("Question %(number)s") % {"number": number}
                    if form.instance.pk or (form.is_bound and form.has_changed())
                    else gettext("New question (leave empty if not needed)"),
                    form,
                )
                for number, form in enumerate(formset.forms, start=1)
            ]
            return QUESTIONS_TEMPLATE.render(
                {
                    "formset": formset,
                    "rows": rows,
                    "intro": gettext(
                        "Asked at sign-up, for example about dietary wishes or accessibility. "
                        "Tick “Delete” to remove a question; save to get more empty rows."
                    ),
                }
            )


class CancelActivityForm(forms.Form):
    """The confirmation step: a reason for the mail, and an explicit yes."""

    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        help_text=_(
            "Goes into the e-mail to everyone signed up, for example “The speaker is ill”."
        ),
    )
    confirm = forms.BooleanField(
        label=_("Yes, cancel this activity and e-mail everyone signed up"),
        error_messages={
            "required": _(
                "Tick the box to confirm. Nothing has been cancelled and nobody has been "
                "e-mailed yet."
            )
        },
    )

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        counts = {
            status: activity.registrations.filter(status=status).count()
            for status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLIST)
        }
        self.fields["confirm"].help_text = _(
            "%(confirmed)s confirmed and %(waiting)s on the waiting list get an e-mail that "
            "“%(title)s” is cancelled. This cannot be undone."
        ) % {
            "confirmed": counts[RegistrationStatus.CONFIRMED],
            "waiting": counts[RegistrationStatus.WAITLIST],
            "title": activity.title,
        }

    def clean(self):
        cleaned = super().clean()
        if self.activity.is_cancelled:
            raise forms.ValidationError(_("This activity has already been cancelled."))
        if self.activity.is_past():
            raise forms.ValidationError(
                _("This activity has already taken place; it cannot be cancelled anymore.")
            )
        return cleaned
