"""The "Groepen" menu of the Wagtail admin (/beheer/): groups, work programmes, memberships.

Coordinators edit here what has no member-facing form: creating groups, programmes, and fixing
memberships. The member-facing rules (a group keeps a lead) live in services.py and the members
page; the admin is for staff who know what they are doing.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import LearningGroup, Membership, WorkProgramme


class LearningGroupFilterSet(WagtailFilterSet):
    archived = django_filters.BooleanFilter(
        label=_("archived"), field_name="archived_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = LearningGroup
        fields = ["kind", "programme"]


class LearningGroupViewSet(ModelViewSet):
    model = LearningGroup
    icon = "group"
    menu_label = _("Learning groups")
    url_prefix = "groepen"
    list_display = ["name", "kind", "starts_on", "ends_on", "is_open", "archived_at"]
    filterset_class = LearningGroupFilterSet
    search_fields = ["name", "summary"]
    search_backend_name = None
    form_fields = [
        "kind",
        "name",
        "slug",
        "programme",
        "themes",
        "municipalities",
        "summary",
        "description",
        "starts_on",
        "ends_on",
        "is_open",
        "archived_at",
    ]


class WorkProgrammeViewSet(ModelViewSet):
    model = WorkProgramme
    icon = "list-ul"
    menu_label = _("Work programmes")
    url_prefix = "werkprogrammas"
    list_display = ["title", "starts_on", "ends_on"]
    search_fields = ["title"]
    search_backend_name = None
    form_fields = ["title", "slug", "starts_on", "ends_on", "description", "themes"]


class MembershipFilterSet(WagtailFilterSet):
    current = django_filters.BooleanFilter(
        label=_("current"), field_name="ended_on", lookup_expr="isnull"
    )

    class Meta:
        model = Membership
        fields = ["group", "role"]


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    url_prefix = "lidmaatschappen"
    list_display = ["person", "group", "role", "started_on", "ended_on"]
    filterset_class = MembershipFilterSet
    search_fields = ["person__first_name", "person__last_name", "group__name"]
    search_backend_name = None
    form_fields = ["group", "person", "role", "started_on", "ended_on"]
    copy_view_enabled = False

    def get_queryset(self, request):
        return Membership.objects.select_related("person", "group")


class GroupsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Groups")
    menu_icon = "group"
    menu_order = 250
    items = (LearningGroupViewSet, WorkProgrammeViewSet, MembershipViewSet)


@hooks.register("register_admin_viewset")
def register_groups_viewsets():
    return GroupsViewSetGroup()
