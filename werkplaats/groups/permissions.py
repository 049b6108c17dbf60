"""Object-level permissions of learning groups and their workspaces.

One place for every check, used by views, templates, search and the API alike. The workspace of
a group is for its current members and the coordinators only; everyone else gets a 404 (not a
403, so a private group's workspace does not even reveal that it exists to outsiders).
"""

from werkplaats.network.permissions import is_coordinator, person_for

from .models import MemberRole, Membership


def current_membership(user, group):
    """The user's current membership of the group, or None (cached per request user)."""
    person = person_for(user)
    if person is None:
        return None
    cache = user.__dict__.setdefault("_werkplaats_memberships", {})
    if group.pk not in cache:
        cache[group.pk] = Membership.objects.current().filter(group=group, person=person).first()
    return cache[group.pk]


def can_view_workspace(user, group):
    return is_coordinator(user) or current_membership(user, group) is not None


def can_contribute(user, group):
    """Post, upload, write notes: members of a group that is not archived."""
    return not group.is_archived and can_view_workspace(user, group)


def can_manage_group(user, group):
    """Members, join requests, learning questions, archive: the group's leads and coordinators."""
    if is_coordinator(user):
        return True
    membership = current_membership(user, group)
    return membership is not None and membership.role == MemberRole.LEAD


def can_request_to_join(user, group):
    return (
        group.is_open
        and not group.is_archived
        and person_for(user) is not None
        and current_membership(user, group) is None
    )
