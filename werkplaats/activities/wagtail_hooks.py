"""The "Activiteiten" menu of the Wagtail admin (/beheer/): activities and venues, for
coordinators.

Who may use it is decided by `is_coordinator` (the Coördinatoren group or a superuser), through
a permission policy registered for both models, so no per-model permission rows are needed.

State changes that mail people go through services.py, as everywhere else: raising the number
of places moves the waiting list up (services.promote_from_waitlist), and cancelling is a
separate, confirmed step (services.cancel_activity) rather than a field in the form, so nobody
mails everyone signed up by saving a form.
"""

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms import CheckboxSelectMultiple
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic.edit import FormView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from werkplaats.network.permissions import is_coordinator

from . import services
from .admin_forms import ActivityAdminForm, CancelActivityForm, ExtraQuestionsPanel
from .models import Activity, ActivityPhoto, RegistrationStatus, Venue


class CoordinatorPermissionPolicy(ModelPermissionPolicy):
    """Coordinators may do everything here; others only what their permission rows allow."""

    def user_has_permission(self, user, action):
        return is_coordinator(user) or super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return is_coordinator(user) or super().user_has_any_permission(user, actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects
        by_rows = super().users_with_any_permission(actions).values("pk")
        return users.filter(Q(pk__in=by_rows) | Q(pk__in=users.coordinators().values("pk")))


# Registered before any view asks for the models' policies (Wagtail requires it).
register_permission_policy(Activity, CoordinatorPermissionPolicy(Activity))
register_permission_policy(Venue, CoordinatorPermissionPolicy(Venue))
register_permission_policy(ActivityPhoto, CoordinatorPermissionPolicy(ActivityPhoto))


# --- Activities -----------------------------------------------------------------------------


class ActivityFilterSet(WagtailFilterSet):
    when = django_filters.ChoiceFilter(
        label=_("when"),
        choices=[("komend", _("upcoming")), ("voorbij", _("past"))],
        method="filter_when",
        empty_label=_("all"),
    )

    class Meta:
        model = Activity
        fields = ["kind", "audience", "when"]

    def filter_when(self, queryset, name, value):
        if value == "komend":
            return queryset.upcoming()
        if value == "voorbij":
            return queryset.past()
        return queryset


def places(activity):
    """'12 / 40' (confirmed / places), '12' without a limit, and who is waiting."""
    text = (
        f"{activity.confirmed} / {activity.capacity}"
        if activity.capacity
        else str(activity.confirmed)
    )
    if activity.waiting:
        text += " " + gettext("(+%(count)s waiting)") % {"count": activity.waiting}
    if activity.cancelled_at:
        text += " – " + gettext("cancelled")
    return text


class ActivityIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Activity.objects.select_related("venue__municipality").annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLIST)
            ),
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.is_cancelled and not instance.is_past():
            buttons.append(
                Button(
                    gettext("Cancel activity…"),
                    url=reverse("activities_admin:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=25,
                )
            )
        return buttons


class ActivityEditView(generic.EditView):
    def save_instance(self):
        previous = (
            Activity.objects.filter(pk=self.object.pk).values_list("capacity", flat=True).first()
        )
        activity = super().save_instance()
        raised = previous is not None and (
            activity.capacity is None or activity.capacity > previous
        )
        if raised:
            promoted = services.promote_from_waitlist(activity)
            if promoted:
                messages.info(
                    self.request,
                    ngettext(
                        "%(count)s person moved up from the waiting list and gets an e-mail.",
                        "%(count)s people moved up from the waiting list and get an e-mail.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )
        return activity

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if not self.object.is_cancelled and not self.object.is_past():
            buttons.append(
                Button(
                    gettext("Cancel activity…"),
                    url=reverse("activities_admin:cancel", args=[self.object.pk]),
                    icon_name="cross",
                    priority=15,
                )
            )
        return buttons


class CancelActivityView(BaseObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Cancel an activity after an explicit confirmation; everyone signed up is mailed."""

    model = Activity
    form_class = CancelActivityForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = _("Cancel activity")
    header_icon = "calendar-alt"

    def dispatch(self, request, *args, **kwargs):
        if not services.permissions.can_manage_activity(request.user, self.object):
            raise PermissionDenied
        if self.object.is_cancelled:
            messages.info(request, gettext("This activity has already been cancelled."))
            return redirect("activities_admin:edit", self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return gettext("Cancel “%(title)s”") % {"title": self.object.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("activities_admin:index"), "label": gettext("Activities")},
            {"url": reverse("activities_admin:edit", args=[self.object.pk]), "label": str(self)},
            {"url": "", "label": gettext("Cancel")},
        ]

    def __str__(self):
        return self.object.title

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "activity": self.object}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=self.request.path,
            submit_button_label=gettext("Cancel activity and e-mail everyone"),
            submit_button_active_label=gettext("Cancelling…"),
        )
        return context

    def form_valid(self, form):
        services.cancel_activity(self.request.user, self.object, reason=form.cleaned_data["reason"])
        messages.success(
            self.request,
            gettext("“%(title)s” is cancelled; everyone signed up gets an e-mail.")
            % {"title": self.object.title},
        )
        return redirect("activities_admin:index")


class ActivityViewSet(ModelViewSet):
    model = Activity
    icon = "date"
    menu_label = _("Activities")
    url_namespace = "activities_admin"
    url_prefix = "activiteiten"
    index_view_class = ActivityIndexView
    edit_view_class = ActivityEditView
    filterset_class = ActivityFilterSet
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False
    list_display = [
        "title",
        "kind",
        "starts_at",
        "venue",
        "audience",
        Column("places", label=_("confirmed / places"), accessor=places),
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("title"),
                FieldPanel("slug"),
                FieldPanel("summary"),
                FieldPanel("description"),
                FieldPanel("groups", widget=CheckboxSelectMultiple),
                FieldPanel("themes", widget=CheckboxSelectMultiple),
            ],
            heading=_("What"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("venue"),
                FieldPanel("online_url"),
                FieldPanel("audience"),
            ],
            heading=_("When, where and for whom"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_required"),
                FieldPanel("capacity"),
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_closes_at"),
                FieldPanel("ask_organisation_and_role"),
                FieldPanel("answers_kept_days"),
            ],
            heading=_("Sign-up"),
        ),
        ExtraQuestionsPanel(heading=_("Extra questions at sign-up")),
        FieldPanel("outcome"),
        FieldPanel("products", widget=CheckboxSelectMultiple),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=ActivityAdminForm).bind_to_model(self.model)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("cancel/<int:pk>/", CancelActivityView.as_view(), name="cancel"),
        ]


# --- Venues ---------------------------------------------------------------------------------


class VenueIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Venue.objects.select_related("municipality")


class VenueViewSet(ModelViewSet):
    model = Venue
    index_view_class = VenueIndexView
    icon = "site"
    menu_label = _("Venues")
    url_namespace = "venues_admin"
    url_prefix = "locaties"
    list_display = ["name", "city", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "city", "street_address"]
    search_backend_name = None
    form_fields = ["name", "street_address", "postcode", "city", "municipality", "directions"]


# --- Photos of how it went ------------------------------------------------------------------


class PhotoIndexView(generic.IndexView):
    def get_base_queryset(self):
        return ActivityPhoto.objects.select_related("activity", "image")


class PhotoViewSet(ModelViewSet):
    """Photos shown with an activity's outcome on its page once it has taken place."""

    model = ActivityPhoto
    index_view_class = PhotoIndexView
    icon = "image"
    menu_label = _("Photos of activities")
    url_namespace = "activity_photos_admin"
    url_prefix = "activiteitfotos"
    list_display = ["caption", "activity"]
    search_fields = ["caption", "activity__title"]
    search_backend_name = None
    panels = [
        FieldPanel("activity"),
        FieldPanel("image"),
        FieldPanel("caption"),
        FieldPanel("position"),
    ]


class ActivitiesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Activities")
    menu_icon = "date"
    menu_order = 260
    items = (ActivityViewSet, VenueViewSet, PhotoViewSet)


@hooks.register("register_admin_viewset")
def register_activities_viewsets():
    return ActivitiesViewSetGroup()
