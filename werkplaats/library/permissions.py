"""Who may see, write, share and review library entries. Used by views, search and the API.

Seeing follows `visible_to` on the querysets; these functions answer for one entry. Writing
belongs to the members of the group an entry came from (and the coordinators); sharing with
the members of the Werkplaats takes a privacy guard without findings; going public takes a
coordinator's review. The trekker of the group may mark a finding as not personal for the
members' step; only a coordinator may for the public step.
"""

from werkplaats.groups.models import MemberRole
from werkplaats.groups.permissions import current_membership
from werkplaats.network.permissions import is_coordinator, person_for

from .models import Product, Visibility


def _groups(entry):
    if isinstance(entry, Product):
        return list(entry.groups.all())
    return [entry.group]


def is_group_member(user, entry):
    return any(current_membership(user, group) is not None for group in _groups(entry))


def can_view(user, entry):
    if entry.visibility == Visibility.PUBLIC or is_coordinator(user):
        return True
    if entry.visibility == Visibility.MEMBERS:
        return person_for(user) is not None
    return is_group_member(user, entry)


def can_edit(user, entry):
    """Members of a group that is not archived, the authors of a product, coordinators."""
    if is_coordinator(user):
        return True
    if isinstance(entry, Product):
        person = person_for(user)
        if person is not None and entry.pk and entry.authors.filter(pk=person.pk).exists():
            return True
    return any(
        not group.is_archived and current_membership(user, group) is not None
        for group in _groups(entry)
    )


def can_contribute(user, group):
    """Write new practice knowledge in this group's workspace."""
    return not group.is_archived and (
        is_coordinator(user) or current_membership(user, group) is not None
    )


def can_waive_for(user, entry, visibility):
    """Mark a privacy finding as not personal, for sharing the entry with `visibility`."""
    if is_coordinator(user):
        return True
    if visibility == Visibility.PUBLIC:
        return False
    return any(
        not group.is_archived
        and (membership := current_membership(user, group)) is not None
        and membership.role == MemberRole.LEAD
        for group in _groups(entry)
    )


def can_review(user):
    """Approve or turn down a request to make an entry public."""
    return is_coordinator(user)


def can_open_in_workspace(user, entry):
    """See an entry's writing, sharing and history pages (old versions may hold details that
    were removed before sharing): members of its groups (also archived ones), a product's
    authors, coordinators. Everyone else gets a 404 there."""
    if is_coordinator(user) or is_group_member(user, entry):
        return True
    person = person_for(user)
    return (
        isinstance(entry, Product)
        and person is not None
        and entry.authors.filter(pk=person.pk).exists()
    )
