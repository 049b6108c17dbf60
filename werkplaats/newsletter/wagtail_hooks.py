"""The "Nieuwsbrief" menu of the Wagtail admin, for coordinators:

- "Uitgaven" (/beheer/nieuwsbrief/uitgaven/, issue_admin.py): compose an issue, preview it,
  send a test, schedule or send it, follow its progress.
- "Abonnees" (/beheer/nieuwsbrief/): the subscribers with their status, themes and consent
  history, read-only. Nothing can be added, changed or deleted there: a subscription is the
  subscriber's own act (double opt-in, the personal links, /mijn/nieuwsbrief/), and the consent
  records are proof that must stay as they were written.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from werkplaats.network.permission_policies import CoordinatorsOnlyPolicy
from werkplaats.website.models import ThemePage

from .issue_admin import IssueViewSet
from .models import Subscriber
from .selectors import consent_history

# Coordinators may look; nobody may add, change or delete here.
register_permission_policy(Subscriber, CoordinatorsOnlyPolicy(Subscriber, actions={"view"}))


class SubscriberFilterSet(WagtailFilterSet):
    class Meta:
        model = Subscriber
        fields = ["status", "source", "topics"]


class SubscriberIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Subscriber.objects.prefetch_related(
            Prefetch("topics", queryset=ThemePage.objects.only("pk", "title"))
        )


class SubscriberInspectView(generic.InspectView):
    template_name = "newsletter/admin/inspect.html"

    def get_topics_display_value(self):
        return ", ".join(topic.title for topic in self.object.topics.all()) or _("all themes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consent_records"] = consent_history(self.object)
        return context


def topic_titles(subscriber):
    return ", ".join(topic.title for topic in subscriber.topics.all()) or "–"


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "group"
    menu_label = _("Subscribers")
    url_namespace = "newsletter_subscribers_admin"
    url_prefix = "nieuwsbrief"
    index_view_class = SubscriberIndexView
    inspect_view_enabled = True
    inspect_view_class = SubscriberInspectView
    copy_view_enabled = False
    filterset_class = SubscriberFilterSet
    search_fields = ["email", "name"]
    search_backend_name = None
    list_display = [
        "email",
        "name",
        "status",
        Column("topics", label=_("Themes"), accessor=topic_titles),
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    inspect_view_fields = [
        "email",
        "name",
        "status",
        "topics",
        "source",
        "user",
        "created_at",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounce_count",
        "undeliverable",
    ]
    form_fields = ["email"]  # ModelViewSet wants one; no form is ever shown (view only)


class NewsletterViewSetGroup(ModelViewSetGroup):
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 310
    items = (IssueViewSet("newsletter_issues"), SubscriberViewSet("newsletter_subscribers"))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return NewsletterViewSetGroup()
