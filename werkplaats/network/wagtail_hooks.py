"""The "Netwerk" menu of the Wagtail admin (/beheer/): organisations, partnerships,
municipalities and people, for coordinators.

Lists show what is needed to find a row, not more personal data: people are listed by name,
mention name and municipality; e-mail addresses are searchable but not shown in the list.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .admin_forms import PersonAdminForm
from .models import Municipality, Organisation, Partnership, Person, Role


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "site"
    menu_label = _("Organisations")
    url_prefix = "organisaties"
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = ["name", "slug", "kind", "municipality", "website", "logo", "description"]

    def get_queryset(self, request):
        return Organisation.objects.select_related("municipality")

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"  # "www.dordrecht.nl" becomes https://…
        return super().formfield_for_dbfield(db_field, **kwargs)


class EndsAfterStartMixin:
    """A clear message instead of the database constraint's generic one."""

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            raise ValidationError(
                {"ended_on": _("The end date is before the start date. Choose a later end date.")}
            )
        return cleaned


class PartnershipViewSet(ModelViewSet):
    """A partner who leaves and comes back gets a second partnership, not an edited date."""

    model = Partnership
    icon = "link"
    menu_label = _("Partnerships")
    url_prefix = "partnerschappen"
    list_display = ["organisation", "started_on", "ended_on", "note"]
    list_filter = ["organisation"]
    search_fields = ["organisation__name", "note"]
    search_backend_name = None
    form_fields = ["organisation", "started_on", "ended_on", "note"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update=for_update)
        return type("PartnershipForm", (EndsAfterStartMixin, form_class), {})

    def get_queryset(self, request):
        return Partnership.objects.select_related("organisation")


class MunicipalityViewSet(ModelViewSet):
    model = Municipality
    icon = "home"
    menu_label = _("Municipalities")
    url_prefix = "gemeenten"
    list_display = ["name", "in_region"]
    list_filter = ["in_region"]
    search_fields = ["name"]
    search_backend_name = None
    form_fields = ["name", "slug", "in_region"]


class PersonFilterSet(WagtailFilterSet):
    role = django_filters.ChoiceFilter(
        label=_("role"), field_name="roles__role", choices=Role.choices, distinct=True
    )
    has_account = django_filters.BooleanFilter(
        label=_("has an account"), field_name="user", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Person
        fields = ["role", "work_municipality", "has_account"]


class PersonViewSet(ModelViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    url_prefix = "mensen"
    list_display = ["full_name", "handle", "work_municipality"]
    filterset_class = PersonFilterSet
    search_fields = ["first_name", "last_name", "email", "handle"]
    search_backend_name = None
    copy_view_enabled = False
    form_fields = [
        "first_name",
        "last_name",
        "email",
        "handle",
        "user",
        "photo",
        "position",
        "work_municipality",
        "bio",
        "contact_for",
        "name_visibility",
        "photo_visibility",
        "email_visibility",
        "organisations_visibility",
        "roles_visibility",
        "municipality_visibility",
        "bio_visibility",
        "notification_mode",
    ]

    def get_queryset(self, request):
        return Person.objects.select_related("work_municipality")

    def get_edit_handler(self):
        # The photo is checked and re-encoded as on the member's own profile page.
        panels = [FieldPanel(name) for name in self.form_fields]
        return ObjectList(panels, base_form_class=PersonAdminForm).bind_to_model(self.model)


class NetworkViewSetGroup(ModelViewSetGroup):
    menu_label = _("Network")
    menu_icon = "globe"
    menu_order = 240
    items = (OrganisationViewSet, PartnershipViewSet, MunicipalityViewSet, PersonViewSet)


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
