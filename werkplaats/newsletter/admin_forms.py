"""Forms of the "Nieuwsbrief" menu in /beheer/: composing an issue and scheduling it.

The issue form offers, in each of its three lists, the suggestions of selectors.py (what is new
since the last sent issue, what is coming up) plus whatever the issue already holds, so a
coordinator unticks what they do not want; a new issue starts with every suggestion ticked.
Nothing else can be picked: an id of a private product or a members-only activity posted by
hand is refused as an invalid choice.
"""

import datetime

from django import forms
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from werkplaats.activities.models import Activity
from werkplaats.library.models import Product
from werkplaats.website.models import NewsPage

from . import selectors
from .models import NewsletterIssue


def _news_label(item):
    return f"{item.title} ({date_format(item.date, 'j F Y')})"


def _activity_label(activity):
    when = date_format(timezone.localtime(activity.starts_at), "l j F Y, H:i")
    where = f", {activity.venue.city}" if activity.venue_id else ""
    return f"{activity.title} ({when}{where})"


def _product_label(product):
    return f"{product.title} ({product.get_kind_display()}, {product.year})"


class IssueAdminForm(WagtailAdminModelForm):
    """Subject, intro and the picked items of a draft or scheduled issue."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        subject = self.fields["subject"]
        subject.error_messages["required"] = _(
            "Give the newsletter a subject, e.g. “Nieuws uit de Werkplaats, december”."
        )
        subject.error_messages["max_length"] = _(
            "Make the subject shorter: at most %(limit_value)d characters (it has %(show_value)d)."
        )
        subject.help_text = _("The subject line of the mail and the title in the archive.")
        picked = self.instance.pk is not None
        self._offer(
            "news_items",
            selectors.suggested_news(),
            NewsPage.objects.live(),
            ("-first_published_at", "-pk"),
            _news_label,
            picked,
        )
        self._offer(
            "activities",
            selectors.suggested_activities(),
            Activity.objects.select_related("venue"),
            ("starts_at", "pk"),
            _activity_label,
            picked,
        )
        self._offer(
            "products",
            selectors.suggested_products(),
            Product.objects.annotate(new_at=Coalesce("published_at", "created_at")),
            ("-new_at", "-pk"),
            _product_label,
            picked,
        )

    def _offer(self, name, suggested, everything, ordering, label, picked):
        """Offer the suggestions plus what is picked; tick the suggestions on a new issue."""
        field = self.fields[name]
        suggested_ids = list(suggested.values_list("pk", flat=True))
        offered = Q(pk__in=suggested_ids)
        if picked:
            offered |= Q(pk__in=getattr(self.instance, name).values("pk"))
        field.queryset = everything.filter(offered).order_by(*ordering)
        field.label_from_instance = label
        if not picked and not self.is_bound:
            self.initial[name] = suggested_ids
        if name == "news_items":
            field.help_text = _("News published since the last newsletter, and what you picked.")
        elif name == "activities":
            field.help_text = _("Public activities in the coming 60 days, and what you picked.")
        else:
            field.help_text = _(
                "Public products new since the last newsletter, and what you picked."
            )

    class Meta:
        model = NewsletterIssue
        fields = ["subject", "intro", "news_items", "activities", "products"]


class ScheduleForm(forms.Form):
    """When to send: a moment in the future, in the site's time zone."""

    send_at = forms.DateTimeField(
        label=_("Send on"),
        help_text=_("A date and time in the future, e.g. 15-12-2026 09:00."),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Fill in a date and time, e.g. 15-12-2026 09:00."),
            "invalid": _("This is not a date and time we understand. Use e.g. 15-12-2026 09:00."),
        },
    )

    def __init__(self, *args, now=None, **kwargs):
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at <= self.now + datetime.timedelta(minutes=1):
            raise forms.ValidationError(
                _("Choose a moment in the future; to send right away use “Send now”.")
            )
        return send_at
