"""Signing up through the pages: a member in one click, a visitor by name and e-mail with the
confirmation mail (through a real SMTP server), the personal link from the mails, refusals
and bad input (status 400, a clear message, the input kept, nothing written)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from werkplaats.activities.models import Audience, Registration, RegistrationStatus
from werkplaats.core.testing import t
from werkplaats.network.models import Person, Role
from werkplaats.network.tests.factories import PersonFactory

from .factories import (
    ActivityFactory,
    ExtraQuestionFactory,
    PastActivityFactory,
    RegistrationFactory,
    VisitorRegistrationFactory,
    in_days,
)

CONFIRMED_MESSAGE = t(
    "Your sign-up is confirmed. We sent you a mail with the activity for your calendar."
)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/activiteiten/aanmelding/[^/\s\"]+/)")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit triggers (the mails): each test runs in a rolled-back transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def register_url(activity):
    return reverse("activities:register", args=[activity.slug])


def visitor_data(**changes):
    data = {
        "first_name": "Fatima",
        "last_name": "El Amrani",
        "email": "fatima@example.org",
        "website_url": "",
    }
    data.update(changes)
    return data


def content(response):
    return response.content.decode()


def body(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content()


def link_in(message):
    """The personal link in a mail: an email.message from the SMTP server, or a Django
    EmailMessage from the locmem outbox."""
    text = message.body if hasattr(message, "body") else body(message)
    match = LINK.search(text)
    assert match, text
    return match.group(1)


# --- Members --------------------------------------------------------------------------------


def test_member_signs_up_in_one_click(client, committed):
    activity = ActivityFactory()
    person = PersonFactory()
    client.force_login(person.user)
    with committed():
        response = client.post(register_url(activity))
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    registration = Registration.objects.get(activity=activity, person=person)
    assert registration.status == RegistrationStatus.CONFIRMED
    page = content(client.get(activity.get_absolute_url()))
    assert t("You are signed up for this activity.") in page
    assert [message.to for message in mail.outbox] == [[person.user.email]]


def test_member_goes_on_the_waiting_list_when_full(client):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    person = PersonFactory()
    client.force_login(person.user)
    client.post(register_url(activity))
    registration = Registration.objects.get(activity=activity, person=person)
    assert registration.status == RegistrationStatus.WAITLIST
    page = content(client.get(activity.get_absolute_url()))
    assert t("Waiting list") in page


def test_member_cannot_sign_up_twice(client):
    registration = RegistrationFactory()
    client.force_login(registration.person.user)
    response = client.post(register_url(registration.activity))
    assert response.status_code == 400
    assert t("You have already signed up for this activity.") in content(response)
    assert Registration.objects.filter(activity=registration.activity).count() == 1


def test_member_answers_the_extra_questions(client):
    activity = ActivityFactory()
    question = ExtraQuestionFactory(activity=activity, required=True, label="Dieetwensen?")
    client.force_login(PersonFactory().user)
    missing = client.post(register_url(activity), {f"vraag_{question.pk}": "  "})
    assert missing.status_code == 400
    assert not Registration.objects.filter(activity=activity).exists()
    client.post(register_url(activity), {f"vraag_{question.pk}": "Vegetarisch"})
    assert Registration.objects.get(activity=activity).answers == {str(question.pk): "Vegetarisch"}


def test_member_cancels_from_the_activity_page(client, committed):
    registration = RegistrationFactory()
    activity = registration.activity
    client.force_login(registration.person.user)
    with committed():
        response = client.post(
            registration.get_manage_url(),
            {"action": "cancel", "next": activity.get_absolute_url()},
        )
    assert response["Location"] == activity.get_absolute_url()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    page = content(client.get(activity.get_absolute_url()))
    assert t("You cancelled your sign-up. Changed your mind? You can sign up again.") in page


def test_cancel_ignores_a_next_address_on_another_site(client):
    registration = RegistrationFactory()
    response = client.post(
        registration.get_manage_url(), {"action": "cancel", "next": "https://evil.example/"}
    )
    assert response["Location"] == registration.get_manage_url()


def test_member_cannot_sign_up_for_an_activity_they_may_not_see(client):
    activity = ActivityFactory(audience=Audience.GROUP)
    client.force_login(PersonFactory().user)
    assert client.post(register_url(activity)).status_code == 404
    assert not Registration.objects.exists() or not activity.registrations.exists()


def test_get_on_the_sign_up_address_goes_to_the_activity(client):
    activity = ActivityFactory()
    response = client.get(register_url(activity))
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()


# --- Refusals: each state gives its message and writes nothing -------------------------------

STATES = [
    (
        {"cancelled_at": timezone.now()},
        "This activity has been cancelled. You cannot sign up for it.",
    ),
    (
        {"starts_at": in_days(-3), "registration_closes_at": None},
        "This activity has already taken place. You cannot sign up for it anymore.",
    ),
    (
        {"registration_required": False},
        "You do not need to sign up for this activity: just come along.",
    ),
    (
        {"registration_closes_at": timezone.now()},
        "The sign-up deadline of this activity has passed. Contact the organisers if you "
        "would still like to come.",
    ),
]


@pytest.mark.parametrize(("kwargs", "message"), STATES)
def test_visitor_sign_up_is_refused_with_the_reason(client, kwargs, message):
    activity = ActivityFactory(**kwargs)
    people = Person.objects.count()
    response = client.post(register_url(activity), visitor_data())
    assert response.status_code == 400
    assert t(message) in content(response)
    assert not activity.registrations.exists()
    assert Person.objects.count() == people
    assert mail.outbox == []


@pytest.mark.parametrize(("kwargs", "message"), STATES)
def test_member_sign_up_is_refused_with_the_reason(client, kwargs, message):
    activity = ActivityFactory(**kwargs)
    client.force_login(PersonFactory().user)
    response = client.post(register_url(activity))
    assert response.status_code == 400
    assert t(message) in content(response)
    assert not activity.registrations.exists()


def test_sign_up_before_it_opens_is_refused(client):
    activity = ActivityFactory(registration_opens_at=in_days(2, 9))
    response = client.post(register_url(activity), visitor_data())
    assert response.status_code == 400
    assert t("Sign-up for this activity has not opened yet. It opens on %(date)s.") % {
        "date": timezone.localtime(activity.registration_opens_at).strftime("%d-%m-%Y %H:%M")
    } in content(response)
    assert not activity.registrations.exists()


# --- Visitors -------------------------------------------------------------------------------


def test_visitor_signs_up_confirms_and_cancels_through_real_mail(client, smtp_inbox, committed):
    activity = ActivityFactory(
        title="Kenniscafé Eenzaamheid", online_url="https://meet.example.org/eenzaam"
    )
    with committed():
        response = client.post(register_url(activity), visitor_data())
    assert response.status_code == 200
    assert t("Check your mail") in content(response)
    registration = Registration.objects.get(activity=activity)
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert registration.person.email == "fatima@example.org"

    [(recipients, confirm_mail)] = smtp_inbox.messages
    assert recipients == ["fatima@example.org"]
    assert "Kenniscafé Eenzaamheid" in confirm_mail["Subject"]
    link = link_in(confirm_mail)

    # Opening the link (a person, or a mail scanner) changes nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert t("Confirm my sign-up") in content(page)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.UNCONFIRMED

    with committed():
        confirmed = client.post(link, {"action": "confirm"}, follow=True)
    assert CONFIRMED_MESSAGE in content(confirmed)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED

    _recipients, confirmation = smtp_inbox.messages[1]
    [attachment] = list(confirmation.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(attachment.get_payload(decode=True))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Kenniscafé Eenzaamheid"
    assert "https://meet.example.org/eenzaam" in str(event["DESCRIPTION"])

    with committed():
        client.post(link, {"action": "cancel"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    mails = len(smtp_inbox.messages)
    with committed():
        again = client.post(link, {"action": "cancel"}, follow=True)
    assert t("Your sign-up was already cancelled. Nothing has changed.") in content(again)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert len(smtp_inbox.messages) == mails


def test_visitor_gets_the_same_answer_when_already_signed_up(client, committed):
    activity = ActivityFactory()
    with committed():
        first = client.post(register_url(activity), visitor_data())
    with committed():
        second = client.post(register_url(activity), visitor_data())
    assert first.status_code == second.status_code == 200
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", content(first)) == strip.sub("", content(second))
    assert activity.registrations.count() == 1
    assert len(mail.outbox) == 2  # the second mail holds the link again


def test_visitor_with_the_address_of_a_registered_member_learns_nothing(client, committed):
    registration = RegistrationFactory()
    with committed():
        response = client.post(
            register_url(registration.activity),
            visitor_data(email=registration.person.user.email),
        )
    assert response.status_code == 200
    assert t("Check your mail") in content(response)
    assert registration.activity.registrations.count() == 1
    [message] = mail.outbox
    assert message.to == [registration.person.user.email]


def test_visitor_confirming_a_full_activity_goes_on_the_waiting_list(client, committed):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    with committed():
        client.post(register_url(activity), visitor_data())
    link = link_in(mail.outbox[0])
    with committed():
        response = client.post(link, {"action": "confirm"}, follow=True)
    registration = activity.registrations.get(person__email="fatima@example.org")
    assert registration.status == RegistrationStatus.WAITLIST
    page = content(response)
    assert t("Waiting list") in page
    assert "2" in page
    assert mail.outbox[-1].subject == t("You are on the waiting list: %(title)s") % {
        "title": activity.title
    }


def test_visitor_organisation_role_and_answers_are_saved(client):
    activity = ActivityFactory(ask_organisation_and_role=True)
    question = ExtraQuestionFactory(activity=activity)
    client.post(
        register_url(activity),
        visitor_data(
            organisation="Wijkteam Crooswijk",
            role=Role.PROFESSIONAL,
            **{f"vraag_{question.pk}": "Rolstoel"},
        ),
    )
    registration = activity.registrations.get()
    assert registration.organisation == "Wijkteam Crooswijk"
    assert registration.role == Role.PROFESSIONAL
    assert registration.answers == {str(question.pk): "Rolstoel"}


def test_visitor_must_choose_a_role_when_asked(client):
    activity = ActivityFactory(ask_organisation_and_role=True)
    response = client.post(register_url(activity), visitor_data(role="koning"))
    assert response.status_code == 400
    assert t("Choose one of the roles in the list.") in content(response)
    assert not activity.registrations.exists()


def test_visitor_cannot_sign_up_for_a_members_activity(client):
    activity = ActivityFactory(audience=Audience.MEMBERS)
    assert client.post(register_url(activity), visitor_data()).status_code == 404
    assert not activity.registrations.exists()


# --- Bad input ------------------------------------------------------------------------------

LONG_EMAIL = "a" * 250 + "@example.org"


@pytest.mark.parametrize(
    ("changes", "message", "kept"),
    [
        (
            {"email": "fatima@"},
            "Enter a valid e-mail address, for example name@gemeente.nl.",
            "fatima@",
        ),
        (
            {"email": LONG_EMAIL},
            "This e-mail address is %(show_value)d characters long; an address has at most "
            "%(limit_value)d characters. Check it, for example name@gemeente.nl.",
            LONG_EMAIL,
        ),
        (
            {"email": ""},
            "Fill in your e-mail address, for example name@gemeente.nl.",
            "El Amrani",
        ),
        (
            {"first_name": "F" * 151},
            "Your first name is %(show_value)d characters long; use at most %(limit_value)d "
            "characters.",
            "F" * 151,
        ),
        (
            {"last_name": "   "},
            "Fill in your last name, so the organisers know who is coming.",
            "fatima@example.org",
        ),
        (
            {"first_name": "Win een prijs op http://spam.example"},
            "Use only letters, spaces, hyphens and apostrophes in your name.",
            "Win een prijs op http://spam.example",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_kept(client, changes, message, kept):
    activity = ActivityFactory()
    people = Person.objects.count()
    response = client.post(register_url(activity), visitor_data(**changes))
    assert response.status_code == 400
    page = content(response)
    expected = t(message)
    if "%(show_value)d" in expected:
        value = next(iter(changes.values()))
        limit = 254 if "@" in value else 150
        expected = expected % {"show_value": len(value), "limit_value": limit}
    assert expected in page
    assert t("You have not been signed up yet.") in page
    assert f'value="{kept}"' in page
    assert not activity.registrations.exists()
    assert Person.objects.count() == people
    assert mail.outbox == []


def test_sign_ups_and_the_contact_form_have_their_own_budgets(client, settings):
    settings.CONTACT_RATE_LIMIT = 0
    settings.SIGNUP_RATE_LIMIT = 5
    activity = ActivityFactory()
    response = client.post(register_url(activity), visitor_data())
    assert response.status_code == 200


def test_honeypot_filled_in_is_refused_and_writes_nothing(client):
    activity = ActivityFactory()
    response = client.post(register_url(activity), visitor_data(website_url="http://spam"))
    assert response.status_code == 400
    assert t("Your sign-up could not be sent. Please e-mail or call us instead.") in content(
        response
    )
    assert not activity.registrations.exists()


def test_too_many_sign_ups_from_one_client_are_refused(client, settings):
    settings.SIGNUP_RATE_LIMIT = 2
    activity = ActivityFactory()
    for number in range(2):
        response = client.post(register_url(activity), visitor_data(email=f"p{number}@x.nl"))
        assert response.status_code == 200
    response = client.post(register_url(activity), visitor_data(email="p9@x.nl"))
    assert response.status_code == 429
    assert 'value="p9@x.nl"' in content(response)
    assert activity.registrations.count() == 2


def test_too_many_sign_ups_for_one_address_send_no_more_mail_but_answer_the_same(
    client, settings, committed
):
    settings.SIGNUP_ADDRESS_RATE_LIMIT = 2
    activity = ActivityFactory()
    answers = []
    for number in range(3):
        with committed():
            response = client.post(
                register_url(activity), visitor_data(), REMOTE_ADDR=f"10.0.0.{number}"
            )
        answers.append((response.status_code, t("Check your mail") in content(response)))
    assert answers == [(200, True)] * 3
    assert len(mail.outbox) == 2


# --- The personal link ----------------------------------------------------------------------


def test_tampered_link_says_it_does_not_work(client):
    registration = VisitorRegistrationFactory()
    token = registration.token
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for address in (
        reverse("activities:registration", args=[tampered]),
        reverse("activities:registration", args=["onzin"]),
    ):
        response = client.get(address)
        assert response.status_code == 404
        assert t("This link does not work (anymore)") in content(response)
        assert client.post(address, {"action": "cancel"}).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.UNCONFIRMED


def test_link_of_a_deleted_registration_says_it_does_not_work(client):
    registration = VisitorRegistrationFactory()
    address = registration.get_manage_url()
    registration.delete()
    response = client.get(address)
    assert response.status_code == 404
    assert t("This link does not work (anymore)") in content(response)


def test_get_on_the_link_never_cancels(client):
    registration = RegistrationFactory()
    response = client.get(registration.get_manage_url() + "?action=cancel")
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_confirming_after_sign_up_closed_is_refused(client):
    activity = ActivityFactory(registration_closes_at=in_days(1))
    registration = VisitorRegistrationFactory(activity=activity)
    activity.registration_closes_at = timezone.now()
    activity.save()
    response = client.post(registration.get_manage_url(), {"action": "confirm"})
    assert response.status_code == 400
    assert t(
        "The sign-up deadline of this activity has passed. Contact the organisers if you "
        "would still like to come."
    ) in content(response)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.UNCONFIRMED


def test_confirming_twice_changes_nothing(client):
    registration = RegistrationFactory()
    response = client.post(registration.get_manage_url(), {"action": "confirm"}, follow=True)
    assert t("Your sign-up was already confirmed. Nothing has changed.") in content(response)


def test_cancelling_after_the_activity_is_refused(client):
    registration = RegistrationFactory(activity=PastActivityFactory())
    response = client.post(registration.get_manage_url(), {"action": "cancel"})
    assert response.status_code == 400
    assert t("This activity has already taken place; there is nothing to cancel.") in content(
        response
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_cancelling_gives_the_place_to_the_waiting_list(client, committed):
    activity = ActivityFactory(capacity=1)
    registration = RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    with committed():
        client.post(registration.get_manage_url(), {"action": "cancel"})
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_link_page_shows_the_waiting_list_position(client):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    mine = RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    page = content(client.get(mine.get_manage_url()))
    assert (
        t(
            "You are number %(position)s on the waiting list. When a place comes free it is "
            "yours, in order of sign-up, and we mail you."
        )
        % {"position": 2}
        in page
    )
