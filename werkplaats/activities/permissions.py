"""Who may see, sign up for, manage and take attendance of an activity.

One place for every check, used by views, templates, feeds, search and the API alike.
Activities a person may not see answer 404, as if they did not exist.
"""

from werkplaats.groups.models import MemberRole, Membership
from werkplaats.network.permissions import is_coordinator, person_for

from .models import Audience


def is_public(activity):
    return activity.audience == Audience.PUBLIC


def _group_ids(activity):
    cached = getattr(activity, "_group_ids", None)
    if cached is None:
        cached = activity._group_ids = {group.pk for group in activity.groups.all()}
    return cached


def _memberships(user, activity):
    person = person_for(user)
    if person is None:
        return Membership.objects.none()
    return Membership.objects.current().filter(person=person, group_id__in=_group_ids(activity))


def can_view_activity(user, activity):
    if is_public(activity) or is_coordinator(user):
        return True
    if person_for(user) is None:
        return False
    if activity.audience == Audience.MEMBERS:
        return True
    return _memberships(user, activity).exists()


def can_manage_activity(user, activity):
    """Change, cancel, see the sign-ups: coordinators and the leads of an organising group."""
    if is_coordinator(user):
        return True
    return _memberships(user, activity).filter(role=MemberRole.LEAD).exists()


def can_take_attendance(user, activity):
    """The organisers at the door: coordinators and leads of an organising group."""
    return can_manage_activity(user, activity)
