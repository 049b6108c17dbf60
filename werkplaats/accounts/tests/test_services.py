"""Rules of invitations, accepting them, claiming a Person and approval (services.py)."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from werkplaats.accounts import services
from werkplaats.accounts.models import Invitation, hash_token
from werkplaats.groups.models import MemberRole, Membership
from werkplaats.groups.tests.factories import LearningGroupFactory, MembershipFactory
from werkplaats.network.models import Person
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory, UserFactory

from .factories import InvitationFactory, StaffCoordinatorFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _accept_new(invitation, **kwargs):
    values = {"first_name": "Fatima", "last_name": "El Amrani", "password": "Zomer-in-Dordrecht-42"}
    values.update(kwargs)
    return services.accept_invitation_as_new_user(invitation.token, **values)


# --- invite: permissions -------------------------------------------------------------------


def test_coordinator_invites_to_the_werkplaats(django_capture_on_commit_callbacks):
    coordinator = StaffCoordinatorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(coordinator, email="Nieuw@Example.org", first_name="Noor")
    assert invitation.email == "nieuw@example.org"
    assert invitation.group is None
    assert invitation.is_usable
    assert len(mail.outbox) == 1


def test_only_the_token_hash_is_stored():
    invitation = services.invite(CoordinatorFactory(), email="noor@example.org")
    stored = Invitation.objects.get(pk=invitation.pk)
    assert stored.token_hash == hash_token(invitation.token)
    assert invitation.token not in stored.token_hash


def test_the_mail_task_is_not_given_the_token(django_capture_on_commit_callbacks, monkeypatch):
    from types import SimpleNamespace

    from werkplaats.accounts import tasks

    enqueued = []
    stub = SimpleNamespace(enqueue=lambda **kwargs: enqueued.append(kwargs))
    monkeypatch.setattr(tasks, "send_invitation_mail", stub)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(CoordinatorFactory(), email="noor@example.org")
    assert enqueued == [{"invitation_id": invitation.pk}]
    assert invitation.token not in repr(enqueued)


def test_group_lead_invites_into_own_group():
    lead = MembershipFactory(role=MemberRole.LEAD)
    invitation = services.invite(
        lead.person.user, email="noor@example.org", group=lead.group, group_role="bewoner"
    )
    assert invitation.group == lead.group
    assert invitation.group_role == "bewoner"


def test_group_lead_cannot_invite_into_another_group():
    lead = MembershipFactory(role=MemberRole.LEAD)
    with pytest.raises(PermissionDenied):
        services.invite(lead.person.user, email="noor@example.org", group=LearningGroupFactory())


def test_group_lead_cannot_invite_to_the_werkplaats_without_group():
    lead = MembershipFactory(role=MemberRole.LEAD)
    with pytest.raises(PermissionDenied):
        services.invite(lead.person.user, email="noor@example.org")


def test_ordinary_member_cannot_invite():
    member = MembershipFactory(role=MemberRole.MEMBER)
    with pytest.raises(PermissionDenied):
        services.invite(member.person.user, email="noor@example.org", group=member.group)
    assert not Invitation.objects.exists()


def test_inviting_a_current_member_is_refused():
    membership = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        services.invite(
            CoordinatorFactory(), email=membership.person.email.upper(), group=membership.group
        )
    assert error.value.code == "already_member"
    assert not Invitation.objects.exists()


def test_inviting_an_existing_account_without_group_is_refused():
    user = UserFactory()
    with pytest.raises(ValidationError):
        services.invite(CoordinatorFactory(), email=user.email)


def test_new_invitation_revokes_the_older_pending_one_for_the_same_target():
    coordinator = CoordinatorFactory()
    group = LearningGroupFactory()
    first = services.invite(coordinator, email="noor@example.org", group=group)
    other_target = services.invite(coordinator, email="noor@example.org")
    second = services.invite(coordinator, email="noor@example.org", group=group)
    first.refresh_from_db()
    other_target.refresh_from_db()
    assert first.revoked_at is not None
    assert other_target.revoked_at is None
    assert second.is_usable


def test_sending_is_rate_limited_per_actor(settings):
    settings.INVITATION_RATE_LIMIT = 2
    coordinator = CoordinatorFactory()
    services.invite(coordinator, email="a@example.org")
    services.invite(coordinator, email="b@example.org")
    with pytest.raises(ValidationError) as error:
        services.invite(coordinator, email="c@example.org")
    assert error.value.code == "rate_limited"
    # Another coordinator is not held back.
    services.invite(CoordinatorFactory(), email="c@example.org")


def test_resend_makes_a_new_link_and_the_old_one_stops():
    coordinator = CoordinatorFactory()
    first = services.invite(coordinator, email="noor@example.org")
    second = services.resend_invitation(coordinator, first)
    assert second.token != first.token
    with pytest.raises(services.InvitationUnusable) as error:
        services.find_invitation(first.token)
    assert error.value.reason == services.InvitationUnusable.REVOKED
    assert services.find_invitation(second.token) == second


# --- accepting -----------------------------------------------------------------------------


def test_accept_creates_verified_user_person_and_membership():
    group = LearningGroupFactory()
    invitation = InvitationFactory(group=group, group_role="docentonderzoeker")
    user, _ = _accept_new(invitation)
    assert user.check_password("Zomer-in-Dordrecht-42")
    assert user.is_approved
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (invitation.email, True, True)
    person = Person.objects.get(user=user)
    assert (person.first_name, person.last_name, person.email) == (
        "Fatima",
        "El Amrani",
        invitation.email,
    )
    membership = Membership.objects.get(person=person, group=group)
    assert membership.role == "docentonderzoeker"
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None


def test_accept_twice_accepts_once():
    invitation = InvitationFactory()
    _accept_new(invitation)
    with pytest.raises(services.InvitationUnusable) as error:
        _accept_new(invitation)
    assert error.value.reason == services.InvitationUnusable.USED
    assert User.objects.filter(email=invitation.email).count() == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"expired": True}, "expired"),
        ({"accepted_at": timezone.now()}, "used"),
        ({"revoked_at": timezone.now()}, "revoked"),
    ],
)
def test_unusable_invitation_writes_nothing(change, reason):
    invitation = InvitationFactory(**change)
    with pytest.raises(services.InvitationUnusable) as error:
        _accept_new(invitation)
    assert error.value.reason == reason
    assert not User.objects.filter(email=invitation.email).exists()
    assert not Person.objects.filter(email=invitation.email).exists()


def test_tampered_token_is_unknown():
    invitation = InvitationFactory()
    with pytest.raises(services.InvitationUnusable) as error:
        last = "A" if invitation.token[-1] != "A" else "B"
        services.find_invitation(invitation.token[:-1] + last)
    assert error.value.reason == services.InvitationUnusable.UNKNOWN


def test_accept_claims_the_person_recorded_with_that_address():
    resident = PersonFactory(
        user=None, first_name="Joke", last_name="Bakker", email="joke@example.org"
    )
    invitation = InvitationFactory(email="Joke@Example.org")
    user, _ = _accept_new(invitation, first_name="Joke", last_name="Bakker")
    resident.refresh_from_db()
    assert resident.user == user
    assert Person.objects.filter(email="joke@example.org").count() == 1


def test_accept_refuses_when_an_account_with_the_address_exists():
    user = VerifiedUserFactory()
    invitation = InvitationFactory(email=user.email)
    with pytest.raises(ValidationError):
        _accept_new(invitation)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_existing_user_accepting_joins_the_group():
    person = PersonFactory(user=VerifiedUserFactory())
    group = LearningGroupFactory()
    invitation = InvitationFactory(email=person.email, group=group, group_role="trekker")
    services.accept_invitation_as_user(invitation.token, person.user)
    assert Membership.objects.current().get(person=person, group=group).role == "trekker"
    assert Person.objects.filter(email=person.email).count() == 1


def test_someone_else_cannot_accept_an_invitation_for_another_address():
    invitation = InvitationFactory()
    with pytest.raises(PermissionDenied):
        services.accept_invitation_as_user(invitation.token, VerifiedUserFactory())
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# --- claiming history ----------------------------------------------------------------------


def test_verified_address_claims_existing_person():
    resident = PersonFactory(user=None, email="joke@example.org")
    user = VerifiedUserFactory(email="joke@example.org")
    assert services.link_person_to_user(user, "JOKE@example.org") == resident
    resident.refresh_from_db()
    assert resident.user == user


def test_unverified_address_claims_nothing():
    resident = PersonFactory(user=None, email="joke@example.org")
    user = UserFactory(email="joke@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    assert services.link_person_to_user(user, user.email) is None
    resident.refresh_from_db()
    assert resident.user is None


def test_new_person_gets_a_unique_handle_from_the_name():
    PersonFactory(handle="sanne-de-vries")
    user = VerifiedUserFactory(first_name="Sanne", last_name="de Vries")
    person = services.link_person_to_user(user, user.email)
    assert person.handle == "sanne-de-vries-2"
    assert (person.first_name, person.last_name) == ("Sanne", "de Vries")


def test_linking_twice_makes_no_second_person():
    user = VerifiedUserFactory()
    first = services.link_person_to_user(user, user.email)
    second = services.link_person_to_user(user, user.email)
    assert first == second
    assert Person.objects.filter(user=user).count() == 1


def test_a_person_claimed_by_another_account_is_not_taken():
    owner = PersonFactory()
    intruder = UserFactory(email="ander@example.org")
    EmailAddress.objects.create(user=intruder, email=owner.email, verified=True)
    assert services.link_person_to_user(intruder, owner.email) is None
    owner.refresh_from_db()
    assert owner.user != intruder


# --- approval ------------------------------------------------------------------------------


def _self_signed_up(**kwargs):
    user = VerifiedUserFactory(**kwargs)
    user.approved_at = None
    user.save()
    return user


def test_unapproved_user_is_not_linked_on_verification():
    user = _self_signed_up()
    assert services.link_person_to_user(user, user.email) is None
    assert not Person.objects.filter(user=user).exists()


def test_approval_links_person_and_mails(django_capture_on_commit_callbacks):
    user = _self_signed_up()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_user(StaffCoordinatorFactory(), user)
    user.refresh_from_db()
    assert user.approved_at is not None
    assert Person.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def test_only_coordinators_approve():
    user = _self_signed_up()
    with pytest.raises(PermissionDenied):
        services.approve_user(VerifiedUserFactory(), user)


def test_decline_switches_the_account_off(django_capture_on_commit_callbacks):
    user = _self_signed_up()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_user(CoordinatorFactory(), user)
    user.refresh_from_db()
    assert not user.is_active
    assert not Person.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1


def test_superusers_and_users_made_otherwise_are_approved():
    superuser = User.objects.create_superuser("beheer", "beheer@example.org", "x")
    assert superuser.is_approved
    assert UserFactory().is_approved


def test_invitation_approves_a_waiting_user():
    user = _self_signed_up()
    invitation = InvitationFactory(email=user.email)
    services.accept_invitation_as_user(invitation.token, user)
    user.refresh_from_db()
    assert user.is_approved
    assert Person.objects.filter(user=user).exists()


def test_expiry_follows_the_setting(settings):
    settings.INVITATION_DAYS = 3
    invitation = services.invite(CoordinatorFactory(), email="noor@example.org")
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=3)
