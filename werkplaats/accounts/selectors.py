"""Reads behind the member area's pages: the dashboard and the invitation lists."""

from django.db.models import Count, Q
from django.utils import timezone

from werkplaats.activities.selectors import next_registrations
from werkplaats.groups.models import JoinRequestStatus, LearningGroup, MemberRole, Membership
from werkplaats.network.models import Notification
from werkplaats.network.permissions import is_coordinator, person_for

from .models import Invitation

LATEST_NOTIFICATIONS = 5


def dashboard(user):
    """Everything /mijn/ shows, in a handful of queries whatever the number of groups."""
    person = person_for(user)
    data = {
        "person": person,
        "is_coordinator": is_coordinator(user),
        "memberships": [],
        "notifications": [],
        "unread_count": 0,
        "lead_groups": [],
        "next_registrations": [],
    }
    if person is None:
        return data
    memberships = list(
        Membership.objects.current()
        .filter(person=person, group__archived_at__isnull=True)
        .select_related("group")
        .order_by("group__name")
    )
    data["memberships"] = memberships
    data["next_registrations"] = next_registrations(person)
    unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
    data["notifications"] = list(unread.order_by("-created_at", "-pk")[:LATEST_NOTIFICATIONS])
    data["unread_count"] = unread.count()
    lead_ids = [m.group_id for m in memberships if m.role == MemberRole.LEAD]
    if lead_ids:
        data["lead_groups"] = list(
            LearningGroup.objects.filter(pk__in=lead_ids)
            .annotate(
                pending_requests=Count(
                    "join_requests", filter=Q(join_requests__status=JoinRequestStatus.PENDING)
                )
            )
            .order_by("name")
        )
    return data


def invitation_status(invitation, now=None):
    now = now or timezone.now()
    if invitation.accepted_at:
        return "accepted"
    if invitation.revoked_at:
        return "revoked"
    if invitation.expires_at <= now:
        return "expired"
    return "pending"


def invitations(group=None):
    """Invitations, newest first, with who sent and who accepted them (for the lists)."""
    queryset = Invitation.objects.select_related("invited_by", "accepted_by", "group")
    if group is not None:
        queryset = queryset.filter(group=group)
    return queryset.order_by("-created_at", "-pk")
