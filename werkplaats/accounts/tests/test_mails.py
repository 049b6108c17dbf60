"""Mails of accounts through a real SMTP server (aiosmtpd): invitation, password reset,
verification, approval. Dutch, naming the Werkplaats, with links that work."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from werkplaats.accounts import services
from werkplaats.groups.models import Membership
from werkplaats.groups.tests.factories import LearningGroupFactory
from werkplaats.network.models import Person
from werkplaats.network.tests.factories import PersonFactory

from .factories import StaffCoordinatorFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
SITE_NAME = "Werkplaats Sociaal Domein"
NEW_PASSWORD = "Herfst-in-Schiedam-77"


def _only_message(inbox):
    assert len(inbox.messages) == 1
    recipients, message = inbox.messages[0]
    return recipients, message


def _text(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def _link(text, marker):
    return next(word for word in re.findall(r"https?://\S+", text) if marker in word)


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_invitation_mail_names_inviter_group_message_expiry_and_has_working_link(
    smtp_inbox, client, django_capture_on_commit_callbacks
):
    coordinator = StaffCoordinatorFactory(first_name="Mieke", last_name="Janssen")
    group = LearningGroupFactory(name="Werkteam Armoede Dordrecht")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(
            coordinator,
            email="noor@example.org",
            first_name="Noor",
            group=group,
            message="We zoeken iemand met ervaring als vrijwilliger.",
        )
    recipients, message = _only_message(smtp_inbox)
    assert recipients == ["noor@example.org"]
    assert message["Subject"].strip() == (
        "Uitnodiging voor Werkteam Armoede Dordrecht – Werkplaats Sociaal Domein Zuid-Holland Zuid"
    )
    text = _text(message)
    assert text.startswith("Beste Noor,")
    assert "Mieke Janssen nodigt je uit om mee te doen in Werkteam Armoede Dordrecht" in text
    assert "We zoeken iemand met ervaring als vrijwilliger." in text
    # The date as the reader knows it: Dutch time (near midnight not the day in UTC).
    assert f"tot {timezone.localtime(invitation.expires_at).day} " in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert invitation.token in html

    link = _link(text, "/uitnodiging/")
    assert link == f"http://testserver/uitnodiging/{invitation.token}/"
    response = client.get(_path(link))
    assert response.status_code == 200
    assert 'value="Noor"' in response.content.decode()


def test_invitation_mail_is_not_sent_again_by_a_retried_task(smtp_inbox):
    from werkplaats.accounts.tasks import send_invitation_mail

    invitation = services.invite(StaffCoordinatorFactory(), email="noor@example.org")
    send_invitation_mail.call(invitation_id=invitation.pk)
    send_invitation_mail.call(invitation_id=invitation.pk)
    assert len(smtp_inbox.messages) == 1


def test_accepting_from_the_mail_makes_a_member(
    smtp_inbox, client, django_capture_on_commit_callbacks
):
    group = LearningGroupFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(StaffCoordinatorFactory(), email="noor@example.org", group=group)
    link = _path(_link(_text(_only_message(smtp_inbox)[1]), "/uitnodiging/"))
    response = client.post(
        link,
        {
            "first_name": "Noor",
            "last_name": "Bakker",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert Membership.objects.current().filter(group=group, person__user__email="noor@example.org")


def test_password_reset_mail_is_dutch_and_the_reset_works(
    smtp_inbox, client, django_capture_on_commit_callbacks
):
    user = VerifiedUserFactory(email="sanne@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "sanne@example.org"})
    assert response.status_code == 302
    recipients, message = _only_message(smtp_inbox)
    assert recipients == ["sanne@example.org"]
    assert SITE_NAME in message["Subject"].strip()
    assert "wachtwoord" in message["Subject"].lower()
    text = _text(message)
    assert f"Hallo van {SITE_NAME}" in text
    assert "wachtwoord" in text

    link = _path(_link(text, "/account/password/reset/key/"))
    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key into the session
    form_url = response.url
    response = client.get(form_url)
    assert response.status_code == 200
    assert "Wachtwoord wijzigen" in response.content.decode()
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_verification_mail_is_dutch_and_confirming_waits_for_approval(
    smtp_inbox, client, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_SIGNUP = True
    PersonFactory(user=None, email="kees@example.org", first_name="Kees")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "first_name": "Kees",
                "last_name": "Jansen",
                "email": "kees@example.org",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    recipients, message = _only_message(smtp_inbox)
    assert recipients == ["kees@example.org"]
    assert SITE_NAME in message["Subject"].strip()
    assert "e-mailadres" in message["Subject"].strip().lower()
    text = _text(message)
    assert f"Hallo van {SITE_NAME}" in text
    link = _path(_link(text, "/account/confirm-email/"))
    assert client.post(link).status_code == 302
    user = User.objects.get(email="kees@example.org")
    assert EmailAddress.objects.get(user=user).verified
    # Verified, but not approved: the recorded history is not claimed yet.
    assert Person.objects.get(email="kees@example.org").user is None


def test_approval_mail_reaches_the_user_and_claims_history(
    smtp_inbox, django_capture_on_commit_callbacks
):
    resident = PersonFactory(user=None, email="kees@example.org")
    user = VerifiedUserFactory(email="kees@example.org", first_name="Kees")
    user.approved_at = None
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_user(StaffCoordinatorFactory(), user)
    recipients, message = _only_message(smtp_inbox)
    assert recipients == ["kees@example.org"]
    assert message["Subject"].strip() == (
        "Je account is goedgekeurd – Werkplaats Sociaal Domein Zuid-Holland Zuid"
    )
    assert "http://testserver/mijn/" in _text(message)
    resident.refresh_from_db()
    assert resident.user == user


def test_password_reset_mail_leaves_the_request_and_its_link_travels_sealed(
    smtp_inbox, client, django_capture_on_commit_callbacks, monkeypatch
):
    """The request only queues the mail; the queued arguments do not show the reset link."""
    from types import SimpleNamespace

    from werkplaats.accounts import adapter
    from werkplaats.core.sealing import unseal

    enqueued = []
    monkeypatch.setattr(
        adapter,
        "send_account_mail",
        SimpleNamespace(enqueue=lambda **kwargs: enqueued.append(kwargs)),
    )
    VerifiedUserFactory(email="sanne@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "sanne@example.org"})
    assert smtp_inbox.messages == []  # nothing sent inside the request
    (queued,) = enqueued
    assert "/account/password/reset/key/" not in repr(queued)
    assert "/account/password/reset/key/" in unseal(queued["sealed"])["body"]


def test_a_retried_account_mail_task_sends_once(smtp_inbox):
    from werkplaats.accounts.tasks import send_account_mail
    from werkplaats.core.sealing import seal

    sealed = seal(
        {
            "id": "abc123",
            "subject": "Wachtwoord opnieuw instellen",
            "body": "Hallo",
            "from_email": "werkplaats@example.org",
            "to": ["sanne@example.org"],
        }
    )
    send_account_mail.call(sealed=sealed)
    send_account_mail.call(sealed=sealed)
    assert len(smtp_inbox.messages) == 1
