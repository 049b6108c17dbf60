"""Pages of accounts: permissions, status codes, Dutch messages, input kept on bad input."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from werkplaats.accounts.models import Invitation
from werkplaats.core.testing import t
from werkplaats.groups.models import MemberRole, Membership
from werkplaats.groups.tests.factories import (
    JoinRequestFactory,
    LearningGroupFactory,
    MembershipFactory,
)
from werkplaats.network.models import Notification, Person
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory, UserFactory

from .factories import InvitationFactory, StaffCoordinatorFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
GOOD_PASSWORD = "Zomer-in-Dordrecht-42"


def _accept_url(invitation):
    return reverse("accounts:accept_invitation", args=[invitation.token])


def _accept_data(**changes):
    data = {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
    }
    data.update(changes)
    return data


# --- dashboard -----------------------------------------------------------------------------


def test_dashboard_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/mijn/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_dashboard_lists_my_groups_with_role_and_workspace_link(client):
    membership = MembershipFactory(role=MemberRole.LEAD)
    client.force_login(membership.person.user)
    response = client.get("/mijn/")
    content = response.content.decode()
    assert response.status_code == 200
    assert membership.group.get_workspace_url() in content
    assert t("group lead") in content


def test_dashboard_shows_unread_notifications(client):
    person = PersonFactory()
    Notification.objects.create(recipient=person, kind="post", title="Nieuw bericht van Joke")
    Notification.objects.create(
        recipient=person, kind="post", title="Al gelezen", read_at=timezone.now()
    )
    client.force_login(person.user)
    content = client.get("/mijn/").content.decode()
    assert "Nieuw bericht van Joke" in content
    unread = Notification.objects.get(title="Nieuw bericht van Joke")
    # Through the notifications page's link, which marks it read.
    assert reverse("network:open_notification", args=[unread.pk]) in content
    assert "Al gelezen" not in content
    assert reverse("network:notifications") in content


def test_dashboard_counts_pending_join_requests_for_leads(client):
    lead = MembershipFactory(role=MemberRole.LEAD)
    JoinRequestFactory(group=lead.group)
    JoinRequestFactory(group=lead.group)
    client.force_login(lead.person.user)
    content = client.get("/mijn/").content.decode()
    assert reverse("groups:members", args=[lead.group.slug]) in content
    assert "2 aanmeldingen wachten" in content


def test_dashboard_links_coordinators_to_their_tools(client):
    client.force_login(StaffCoordinatorFactory())
    content = client.get("/mijn/").content.decode()
    for url in ("/mijn/uitnodigen/", "/mijn/aanmeldingen/", "/beheer/"):
        assert f'href="{url}"' in content


def test_dashboard_tells_unapproved_users_to_wait(client):
    user = VerifiedUserFactory()
    user.approved_at = None
    user.save()
    client.force_login(user)
    content = client.get("/mijn/").content.decode()
    assert t("Your account is waiting for approval.") in content


def _count_queries(client, url):
    assert client.get(url).status_code == 200  # warm-up: renditions, user profile
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The site layout (site, settings, menu, footer, partner logos, the Wagtail user bar) costs about
# eight queries on every page; the dashboard itself about seven, whatever the amount of data.
DASHBOARD_BUDGET = 16


def test_dashboard_queries_do_not_grow_with_groups_and_notifications(client):
    person = PersonFactory()
    person.user.is_superuser = True
    person.user.save()
    client.force_login(person.user)
    MembershipFactory(person=person, role=MemberRole.LEAD)
    Notification.objects.create(recipient=person, kind="post", title="Melding")
    few = _count_queries(client, "/mijn/")
    for n in range(5):
        membership = MembershipFactory(person=person, role=MemberRole.LEAD)
        JoinRequestFactory(group=membership.group)
        Notification.objects.create(recipient=person, kind="post", title=f"Melding {n}")
    many = _count_queries(client, "/mijn/")
    assert many == few
    assert many <= DASHBOARD_BUDGET


# --- coordinators' invitations page --------------------------------------------------------


def test_invitations_page_is_for_coordinators_only(client):
    client.force_login(PersonFactory().user)
    assert client.get("/mijn/uitnodigen/").status_code == 404


def test_coordinator_invites_by_form(client, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(StaffCoordinatorFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/mijn/uitnodigen/",
            {"email": "noor@example.org", "first_name": "Noor", "message": "Welkom!"},
            follow=True,
        )
    assert response.status_code == 200
    assert Invitation.objects.filter(email="noor@example.org").exists()
    assert "noor@example.org" in response.content.decode()
    assert len(mailoutbox) == 1


def test_invite_form_with_bad_email_keeps_input_and_says_why(client):
    client.force_login(CoordinatorFactory())
    response = client.post(
        "/mijn/uitnodigen/",
        {"email": "noor-at-dordrecht", "first_name": "Noor", "message": "Kom erbij"},
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert t("Enter a valid e-mail address, for example name@gemeente.nl.") in content
    assert 'value="noor-at-dordrecht"' in content
    assert 'value="Noor"' in content
    assert "Kom erbij" in content
    assert not Invitation.objects.exists()


def test_rate_limited_invite_says_when_to_try_again(client, settings):
    settings.INVITATION_RATE_LIMIT = 1
    coordinator = CoordinatorFactory()
    InvitationFactory(invited_by=coordinator)
    client.force_login(coordinator)
    response = client.post("/mijn/uitnodigen/", {"email": "noor@example.org"})
    assert response.status_code == 400
    assert "Probeer het over een uur opnieuw." in response.content.decode()
    assert not Invitation.objects.filter(email="noor@example.org").exists()


def test_invitations_list_queries_do_not_grow(client):
    coordinator = CoordinatorFactory()
    InvitationFactory(invited_by=coordinator, group=LearningGroupFactory())
    client.force_login(coordinator)
    few = _count_queries(client, "/mijn/uitnodigen/")
    for _ in range(10):
        InvitationFactory(invited_by=coordinator, group=LearningGroupFactory())
    assert _count_queries(client, "/mijn/uitnodigen/") == few


def test_revoke_stops_the_link(client):
    invitation = InvitationFactory()
    client.force_login(invitation.invited_by)
    response = client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    assert client.get(_accept_url(invitation)).status_code == 410


def test_resend_mails_a_new_link(client, mailoutbox, django_capture_on_commit_callbacks):
    invitation = InvitationFactory()
    client.force_login(invitation.invited_by)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:invitation_resend", args=[invitation.pk]))
    assert len(mailoutbox) == 1
    assert _accept_url(invitation) not in mailoutbox[0].body
    assert Invitation.objects.pending().count() == 1


def test_revoking_someone_elses_group_invitation_is_404(client):
    invitation = InvitationFactory(group=LearningGroupFactory())
    lead = MembershipFactory(role=MemberRole.LEAD)  # lead of another group
    client.force_login(lead.person.user)
    url = reverse("accounts:invitation_revoke", args=[invitation.pk])
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_revoke_and_resend_only_accept_post(client):
    invitation = InvitationFactory()
    client.force_login(invitation.invited_by)
    assert (
        client.get(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 405
    )
    assert (
        client.get(reverse("accounts:invitation_resend", args=[invitation.pk])).status_code == 405
    )


def test_resend_of_an_accepted_invitation_says_why_not(client):
    invitation = InvitationFactory(accepted_at=timezone.now())
    client.force_login(invitation.invited_by)
    response = client.post(reverse("accounts:invitation_resend", args=[invitation.pk]), follow=True)
    assert "Deze uitnodiging is al aangenomen." in response.content.decode()
    assert Invitation.objects.count() == 1


# --- inviting into a group -----------------------------------------------------------------


def test_group_invite_page_is_404_for_members_who_do_not_lead(client):
    member = MembershipFactory(role=MemberRole.MEMBER)
    client.force_login(member.person.user)
    url = reverse("accounts:invite_to_group", args=[member.group.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@example.org", "group_role": "lid"}).status_code == 404


def test_lead_invites_into_the_group(client, mailoutbox, django_capture_on_commit_callbacks):
    lead = MembershipFactory(role=MemberRole.LEAD)
    client.force_login(lead.person.user)
    url = reverse("accounts:invite_to_group", args=[lead.group.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "noor@example.org", "group_role": "bewoner"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.group, invitation.group_role) == (lead.group, "bewoner")
    assert lead.group.name in mailoutbox[0].subject


def test_inviting_an_existing_member_says_so(client):
    lead = MembershipFactory(role=MemberRole.LEAD)
    member = MembershipFactory(group=lead.group)
    client.force_login(lead.person.user)
    url = reverse("accounts:invite_to_group", args=[lead.group.slug])
    response = client.post(url, {"email": member.person.email, "group_role": "lid"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "is al lid van" in content
    assert f'value="{member.person.email}"' in content


# --- accepting -----------------------------------------------------------------------------


def test_accept_form_is_prefilled_with_the_invited_name(client):
    invitation = InvitationFactory(first_name="Fatima", last_name="El Amrani")
    response = client.get(_accept_url(invitation))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Fatima"' in content
    assert 'value="El Amrani"' in content
    assert invitation.email in content


def test_accept_creates_account_signs_in_and_goes_to_the_workspace(client):
    group = LearningGroupFactory()
    invitation = InvitationFactory(group=group)
    response = client.post(_accept_url(invitation), _accept_data())
    assert response.status_code == 302
    assert response.url == group.get_workspace_url()
    user = User.objects.get(email=invitation.email)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert Membership.objects.current().filter(group=group, person__user=user).exists()


def test_accept_without_group_goes_to_the_dashboard(client):
    response = client.post(_accept_url(InvitationFactory()), _accept_data())
    assert response.url == "/mijn/"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"password1": "kort", "password2": "kort"},
            "password1",
            "Dit wachtwoord is te kort",
        ),
        (
            {"password2": "Iets-anders-dan-eerst-99"},
            "password2",
            "The two passwords are not the same. Type the same password twice.",
        ),
        ({"first_name": ""}, "first_name", "Please fill in “%(label)s”."),
    ],
)
def test_accept_with_bad_input_keeps_input_and_writes_nothing(client, data, field, message):
    invitation = InvitationFactory()
    response = client.post(_accept_url(invitation), _accept_data(last_name="Bakker", **data))
    content = response.content.decode()
    assert response.status_code == 400
    expected = t(message) % {"label": t("First name")} if "%(label)s" in message else t(message)
    assert expected in content
    assert 'value="Bakker"' in content
    assert f'id="id_{field}"' in content
    assert 'aria-invalid="true"' in content
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accepting_twice_shows_used_page(client):
    invitation = InvitationFactory()
    client.post(_accept_url(invitation), _accept_data())
    client.logout()
    response = client.post(_accept_url(invitation), _accept_data())
    assert response.status_code == 410
    assert t("This invitation has been used already") in response.content.decode()
    assert User.objects.filter(email=invitation.email).count() == 1


@pytest.mark.parametrize(
    ("change", "status", "title"),
    [
        ({"expired": True}, 410, "This invitation has expired"),
        ({"accepted_at": timezone.now()}, 410, "This invitation has been used already"),
        ({"revoked_at": timezone.now()}, 410, "This invitation has been withdrawn"),
    ],
)
def test_unusable_invitation_page(client, change, status, title):
    invitation = InvitationFactory(**change)
    response = client.get(_accept_url(invitation))
    assert response.status_code == status
    assert t(title) in response.content.decode()


def test_unknown_token_is_404_with_explanation(client):
    response = client.get(reverse("accounts:accept_invitation", args=["niet-bestaand-token"]))
    assert response.status_code == 404
    assert t("This invitation link does not work") in response.content.decode()


def test_existing_account_is_asked_to_sign_in_then_accepts(client):
    person = PersonFactory(user=VerifiedUserFactory())
    group = LearningGroupFactory()
    invitation = InvitationFactory(email=person.email, group=group)
    response = client.get(_accept_url(invitation))
    login_url = f"{reverse('account_login')}?next={_accept_url(invitation)}"
    assert login_url in response.content.decode()
    client.force_login(person.user)
    assert client.get(_accept_url(invitation)).status_code == 200
    response = client.post(_accept_url(invitation))
    assert response.url == group.get_workspace_url()
    assert Membership.objects.current().filter(group=group, person=person).exists()
    assert Person.objects.filter(email=person.email).count() == 1


def test_someone_else_signed_in_is_told_the_invitation_is_for_another_address(client):
    invitation = InvitationFactory()
    client.force_login(VerifiedUserFactory())
    response = client.post(_accept_url(invitation))
    assert response.status_code == 403
    assert t("This invitation is for another e-mail address") in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# --- approvals -----------------------------------------------------------------------------


def _waiting_user():
    user = VerifiedUserFactory(email="zelf@example.org")
    user.approved_at = None
    user.save()
    return user


def test_approvals_page_is_for_coordinators_only(client):
    client.force_login(PersonFactory().user)
    assert client.get("/mijn/aanmeldingen/").status_code == 404


def test_coordinator_approves_from_the_list(client, mailoutbox, django_capture_on_commit_callbacks):
    user = _waiting_user()
    client.force_login(StaffCoordinatorFactory())
    assert "zelf@example.org" in client.get("/mijn/aanmeldingen/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:approval_decide", args=[user.pk]), {"decision": "approve"}
        )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_approved
    assert Person.objects.filter(user=user).exists()
    assert mailoutbox[0].to == ["zelf@example.org"]


def test_unknown_decision_changes_nothing_and_says_so(client):
    user = _waiting_user()
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("accounts:approval_decide", args=[user.pk]), {"decision": "misschien"}, follow=True
    )
    assert "Kies goedkeuren of afwijzen." in response.content.decode()
    user.refresh_from_db()
    assert user.approved_at is None and user.is_active


def test_members_cannot_approve(client):
    user = _waiting_user()
    client.force_login(PersonFactory().user)
    url = reverse("accounts:approval_decide", args=[user.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    user.refresh_from_db()
    assert user.approved_at is None


def test_coordinator_declines_from_the_list(client):
    user = _waiting_user()
    client.force_login(CoordinatorFactory())
    client.post(reverse("accounts:approval_decide", args=[user.pk]), {"decision": "decline"})
    user.refresh_from_db()
    assert not user.is_active


# --- sign-up (allauth) ---------------------------------------------------------------------


def test_signup_closed_explains_invitations(client, settings):
    settings.OPEN_SIGNUP = False
    response = client.get(reverse("account_signup"))
    content = response.content.decode()
    assert t("Joining is by invitation") in content
    assert 'href="/contact/"' in content


def test_open_signup_waits_for_approval_after_verification(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OPEN_SIGNUP = True
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after the commit
        response = client.post(
            reverse("account_signup"),
            {
                "first_name": "Kees",
                "last_name": "Jansen",
                "email": "kees@example.org",
                "password1": GOOD_PASSWORD,
                "password2": GOOD_PASSWORD,
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="kees@example.org")
    assert (user.first_name, user.approved_at) == ("Kees", None)
    confirmation_url = next(
        line for line in mailoutbox[0].body.splitlines() if "/account/" in line
    ).split()[-1]
    client.post(confirmation_url.replace("http://testserver", ""))
    assert EmailAddress.objects.get(user=user).verified
    assert not Person.objects.filter(user=user).exists()
    client.force_login(user)
    assert t("Your account is waiting for approval.") in client.get("/mijn/").content.decode()


def test_verification_of_an_approved_user_claims_the_recorded_person(client):
    resident = PersonFactory(user=None, email="joke@example.org")
    user = UserFactory(email="joke@example.org")
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    from allauth.account.models import EmailConfirmationHMAC

    key = EmailConfirmationHMAC(address).key
    client.post(reverse("account_confirm_email", args=[key]))
    resident.refresh_from_db()
    assert resident.user == user


# --- header --------------------------------------------------------------------------------


def test_header_shows_sign_in_for_visitors(client):
    content = client.get("/").content.decode()
    assert f'href="{reverse("account_login")}"' in content
    with translation.override("nl"):
        assert translation.pgettext("account", "Sign in") == "Inloggen"
    assert "Inloggen" in content


def test_header_shows_my_werkplaats_and_sign_out_for_members(client):
    client.force_login(PersonFactory().user)
    content = client.get("/").content.decode()
    assert 'href="/mijn/"' in content
    assert f'action="{reverse("account_logout")}"' in content
