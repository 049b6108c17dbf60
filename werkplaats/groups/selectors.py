"""Reads of learning groups: the queries behind the pages, with their joins decided here."""

from django.db.models import Count, F, Prefetch, Q

from werkplaats.core.cache import remember
from werkplaats.network.permissions import can_see_profile_part
from werkplaats.website.models import ThemePage

from .models import (
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
    MemberRole,
    Membership,
)

# Current groups (not archived) first, then the archived ones, newest first within each.
CURRENT_FIRST = (F("archived_at").desc(nulls_first=True), "-starts_on", "name")

STATUS_CURRENT = "lopend"
STATUS_COMPLETED = "afgerond"


def with_member_count(queryset):
    """Annotate `member_count`: current members, counted in SQL (no query per row)."""
    return queryset.annotate(
        member_count=Count(
            "memberships", filter=Q(memberships__ended_on__isnull=True), distinct=True
        )
    )


def _live_themes():
    return ThemePage.objects.live().order_by("title")


def group_list(*, kind="", theme="", status=""):
    """Groups for the public index: filtered, current first, with member counts and themes.

    `theme` is a theme page's slug.
    """
    groups = LearningGroup.objects.all()
    if kind:
        groups = groups.filter(kind=kind)
    if theme:
        groups = groups.filter(themes__slug=theme)
    if status == STATUS_CURRENT:
        groups = groups.active()
    elif status == STATUS_COMPLETED:
        groups = groups.archived()
    return (
        with_member_count(groups)
        .prefetch_related(Prefetch("themes", queryset=_live_themes()))
        .order_by(*CURRENT_FIRST)
    )


def filter_themes():
    """(slug, title) of the themes that at least one group works on, for the index filter.

    Kept in the cache until the page cache's generation changes: publishing a page and changing
    a group's themes both bump it (see signals.py), so the list is never stale.
    """
    return remember(
        "groups:filter-themes",
        lambda: list(
            _live_themes().filter(groups__isnull=False).distinct().values_list("slug", "title")
        ),
        timeout=24 * 3600,
    )


def group_detail(slug):
    """One group for its public page with everything the page shows, or None."""
    return (
        with_member_count(LearningGroup.objects.filter(slug=slug))
        .select_related("programme")
        .prefetch_related(
            Prefetch("themes", queryset=_live_themes()),
            "municipalities",
            "questions",
        )
        .first()
    )


def public_leads(group, viewer):
    """The group's current leads whose name the viewer may see (their own visibility choice)."""
    memberships = (
        Membership.objects.current()
        .filter(group=group, role=MemberRole.LEAD)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    return [
        m.person
        for m in memberships
        if can_see_profile_part(viewer, m.person, m.person.name_visibility)
    ]


def members_page(group):
    """Current and former members and pending join requests, for the members page.

    Fellow members always see each other's names (DESIGN: names are visible inside a group).
    """
    memberships = list(
        Membership.objects.filter(group=group)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "-started_on")
    )
    current = [m for m in memberships if m.ended_on is None]
    # Leads first, then the rest by name.
    current.sort(key=lambda m: (not m.is_lead,))
    former = [m for m in memberships if m.ended_on is not None]
    requests = list(
        JoinRequest.objects.filter(group=group, status=JoinRequestStatus.PENDING)
        .select_related("person")
        .order_by("created_at")
    )
    return {"current": current, "former": former, "join_requests": requests}


def pending_join_request(person, group):
    """The person's pending request to join the group, or None."""
    if person is None:
        return None
    return JoinRequest.objects.filter(
        group=group, person=person, status=JoinRequestStatus.PENDING
    ).first()


def groups_for_theme(theme):
    """The groups working on a theme, current ones first.

    Cached until the page cache's generation changes (any change to a group, its themes or a
    page bumps it), so a theme page costs no extra query once warm.
    """
    return remember(
        f"groups:theme:{theme.pk}",
        lambda: list(LearningGroup.objects.filter(themes=theme).order_by(*CURRENT_FIRST)),
        timeout=24 * 3600,
    )
