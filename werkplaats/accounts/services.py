"""State changes of accounts: invitations, accepting them, claiming a Person, approval.

Every function here runs in one transaction and locks the rows it decides on, so a double
submit, two open tabs or a retried task never does a thing twice.
"""

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplaats.groups.models import MemberRole, Membership
from werkplaats.network.models import Person, normalise_email
from werkplaats.network.services import unique_handle

from . import tasks
from .models import Invitation, hash_token
from .permissions import can_approve_accounts, can_invite
from .tokens import invitation_token


class InvitationUnusable(Exception):
    """The token of an invitation link cannot be used; `reason` says why."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"

    def __init__(self, reason, invitation=None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


# --- People ------------------------------------------------------------------------------


def _has_verified_address(user, email):
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def link_person_to_user(user, email):
    """Give an approved user their Person: claim the one recorded with this verified e-mail
    address (e.g. a resident at a meeting, with all their history), or create one.

    Never makes a second Person for an address, and an unverified address claims nothing.
    Returns the user's Person, or None when nothing could be linked.
    """
    email = normalise_email(email)
    if not email or not user.is_active or not user.is_approved:
        return None
    if not _has_verified_address(user, email):
        return None
    with transaction.atomic():
        existing = Person.objects.select_for_update().filter(user=user).first()
        if existing is not None:
            if existing.email is None and not Person.objects.with_email(email).exists():
                existing.email = email
                existing.save(update_fields=["email"])
            return existing
        person = Person.objects.select_for_update().with_email(email).first()
        if person is not None:
            if person.user_id is not None:
                # Claimed by another account already: never take someone else's history.
                return None
            person.user = user
            person.save(update_fields=["user"])
            return person
        try:
            with transaction.atomic():
                return Person.objects.create(
                    user=user,
                    first_name=user.first_name or email.split("@")[0],
                    last_name=user.last_name,
                    email=email,
                    handle=unique_handle(user.first_name, user.last_name, email),
                )
        except IntegrityError:
            # Someone recorded this address (or took the handle) at the same moment: claim it.
            person = Person.objects.select_for_update().with_email(email).first()
            if person is None or person.user_id is not None:
                raise
            person.user = user
            person.save(update_fields=["user"])
            return person


def link_verified_addresses(user):
    """Link the user's Person through their primary, else any, verified address."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk")
    for address in addresses:
        person = link_person_to_user(user, address.email)
        if person is not None:
            return person
    return None


# --- Invitations -------------------------------------------------------------------------


def _check_rate_limit(actor):
    limit = getattr(settings, "INVITATION_RATE_LIMIT", 50)
    since = timezone.now() - datetime.timedelta(hours=1)
    if Invitation.objects.filter(invited_by=actor, created_at__gte=since).count() >= limit:
        raise ValidationError(
            _(
                "You have sent %(limit)d invitations in the last hour, the most allowed. "
                "Please try again in an hour."
            )
            % {"limit": limit},
            code="rate_limited",
        )


def invite(actor, *, email, first_name="", last_name="", group=None, group_role="lid", message=""):
    """Invite someone by e-mail, to the Werkplaats or into a learning group.

    Coordinators invite anyone; group leads into their own group; anyone else gets
    PermissionDenied. A new invitation for the same address and target revokes the older
    pending one. Only the token's hash is stored (see tokens.py); the mail with the link is
    queued after commit. The returned invitation carries the token in `.token`.
    """
    if not can_invite(actor, group):
        raise PermissionDenied
    email = normalise_email(email)
    if not email:
        raise ValidationError(_("Fill in the e-mail address of the person you invite."))
    if group is not None:
        if group.is_archived:
            raise ValidationError(_("This group is archived; nobody can be invited into it."))
        if group_role not in MemberRole.values:
            raise ValidationError(_("Choose a role in the group from the list."))
        already = Membership.objects.current().filter(group=group, person__email=email).exists()
        if already:
            raise ValidationError(
                _("%(email)s is already a member of %(group)s.")
                % {"email": email, "group": group.name},
                code="already_member",
            )
    else:
        group_role = ""
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("%(email)s already has an account. Invite them into a group instead.")
                % {"email": email},
                code="has_account",
            )
    _check_rate_limit(actor)

    now = timezone.now()
    with transaction.atomic():
        older = Invitation.objects.select_for_update().pending().filter(email=email, group=group)
        older.update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            message=message.strip(),
            invited_by=actor,
            group=group,
            group_role=group_role,
            # A random placeholder until the row has its id; the real hash follows at once.
            token_hash=hash_token(Invitation.new_token()),
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.INVITATION_DAYS),
        )
        token = invitation_token(invitation)
        invitation.token_hash = hash_token(token)
        invitation.save(update_fields=["token_hash"])
        transaction.on_commit(
            lambda: tasks.send_invitation_mail.enqueue(invitation_id=invitation.pk)
        )
    invitation.token = token
    return invitation


def revoke_invitation(actor, invitation):
    """Make a pending invitation's link stop working."""
    if not can_invite(actor, invitation.group):
        raise PermissionDenied
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is None and locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    return locked


def resend_invitation(actor, invitation):
    """Send the invitation again with a new link (and a new expiry date); the old link stops."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has been accepted already."))
    return invite(
        actor,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        group=invitation.group,
        group_role=invitation.group_role or MemberRole.MEMBER,
        message=invitation.message,
    )


def find_invitation(token):
    """The invitation of a link's token; InvitationUnusable when it cannot be used."""
    invitation = (
        Invitation.objects.select_related("group", "invited_by")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    _check_usable(invitation)
    return invitation


def _check_usable(invitation):
    if invitation is None:
        raise InvitationUnusable(InvitationUnusable.UNKNOWN)
    if invitation.accepted_at is not None:
        raise InvitationUnusable(InvitationUnusable.USED, invitation)
    if invitation.revoked_at is not None:
        raise InvitationUnusable(InvitationUnusable.REVOKED, invitation)
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(InvitationUnusable.EXPIRED, invitation)


def _lock_invitation(token):
    invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    _check_usable(invitation)
    return invitation


def _join_group(invitation, person):
    if invitation.group_id is None or person is None:
        return
    current = Membership.objects.current().filter(group_id=invitation.group_id, person=person)
    if not current.exists():
        Membership.objects.create(
            group_id=invitation.group_id,
            person=person,
            role=invitation.group_role or MemberRole.MEMBER,
        )


def _mark_accepted(invitation, user):
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])


def accept_invitation_as_new_user(token, *, first_name, last_name, password):
    """Create the account of someone invited, with the invited address verified (clicking the
    mailed link proves it), their Person (claimed or new) and the group membership.

    One transaction with the invitation row locked: a double submit accepts once, the second
    gets InvitationUnusable(USED). Refuses when an account with the address exists already.
    """
    from allauth.account.adapter import get_adapter

    User = get_user_model()
    with transaction.atomic():
        invitation = _lock_invitation(token)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("There is already an account for %(email)s. Please sign in instead.")
                % {"email": invitation.email},
                code="has_account",
            )
        user = User(
            email=invitation.email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            approved_at=timezone.now(),
        )
        user.username = get_adapter().generate_unique_username(
            [first_name, last_name, invitation.email, "lid"]
        )
        user.set_password(password)
        user.save()
        EmailAddress.objects.create(user=user, email=invitation.email, verified=True, primary=True)
        person = link_person_to_user(user, invitation.email)
        _join_group(invitation, person)
        _mark_accepted(invitation, user)
    return user, invitation


def invitation_matches_user(invitation, user):
    email = normalise_email(invitation.email)
    if normalise_email(user.email) == email:
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email).exists()


def accept_invitation_as_user(token, user):
    """A signed-in user with the invited address accepts: approved, address verified, Person
    linked and the group joined. Same locking as for a new account."""
    with transaction.atomic():
        invitation = _lock_invitation(token)
        if not invitation_matches_user(invitation, user):
            raise PermissionDenied
        locked_user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if locked_user.approved_at is None:
            locked_user.approved_at = timezone.now()
            locked_user.save(update_fields=["approved_at"])
            user.approved_at = locked_user.approved_at
        address = EmailAddress.objects.filter(user=user, email__iexact=invitation.email).first()
        if address is None:
            EmailAddress.objects.create(
                user=user,
                email=invitation.email,
                verified=True,
                primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
            )
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        person = (
            link_person_to_user(user, invitation.email) or Person.objects.filter(user=user).first()
        )
        _join_group(invitation, person)
        _mark_accepted(invitation, user)
    return invitation


# --- Approval of self sign-up ------------------------------------------------------------


def accounts_awaiting_approval():
    return (
        get_user_model()
        .objects.filter(approved_at__isnull=True, is_active=True, is_superuser=False)
        .order_by("date_joined", "pk")
    )


def approve_user(actor, user):
    """A coordinator lets a self-signed-up user in: approved, Person linked through a verified
    address (or later, when they verify), and a mail to say so. Approving twice does nothing."""
    if not can_approve_accounts(actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if locked.approved_at is not None or not locked.is_active:
            return locked
        locked.approved_at = timezone.now()
        locked.save(update_fields=["approved_at"])
        link_verified_addresses(locked)
        transaction.on_commit(lambda: tasks.send_approval_mail.enqueue(user_id=locked.pk))
    return locked


def decline_user(actor, user):
    """A coordinator declines a sign-up: the account is switched off and the person is told."""
    if not can_approve_accounts(actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = get_user_model().objects.select_for_update().get(pk=user.pk)
        if locked.approved_at is not None or not locked.is_active:
            return locked
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        transaction.on_commit(lambda: tasks.send_declined_mail.enqueue(user_id=locked.pk))
    return locked
