"""Who may invite, and who approves self-signed-up accounts."""

from werkplaats.groups.permissions import can_manage_group
from werkplaats.network.permissions import is_coordinator


def can_invite(user, group=None):
    """Coordinators invite anyone, to the Werkplaats or any group; group leads into their group."""
    if is_coordinator(user):
        return True
    if group is None:
        return False
    return bool(user and user.is_authenticated and can_manage_group(user, group))


def can_approve_accounts(user):
    return is_coordinator(user)
