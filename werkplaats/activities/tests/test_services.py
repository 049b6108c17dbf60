"""The rules of signing up, the waiting list, cancelling, attendance and housekeeping, tested on
the services directly (the views and the admin share them)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from werkplaats.activities import services
from werkplaats.activities.models import (
    Activity,
    ActivityKind,
    Attendance,
    Audience,
    ExtraQuestion,
    Registration,
    RegistrationStatus,
    Venue,
)
from werkplaats.groups.tests.factories import LearningGroupFactory, MembershipFactory
from werkplaats.network.models import Municipality, Person
from werkplaats.network.tests.factories import CoordinatorFactory, PersonFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 9, 1, 12, 0))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would trigger (mails): the tests run in a rolled-back transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


_counter = iter(range(10_000))


def make_activity(**fields):
    number = next(_counter)
    municipality = Municipality.objects.get_or_create(
        name="Dordrecht", defaults={"slug": "dordrecht"}
    )[0]
    venue = Venue.objects.get_or_create(
        name="Het Energiehuis",
        municipality=municipality,
        defaults={"street_address": "Noordendijk 1", "city": "Dordrecht"},
    )[0]
    starts = fields.pop("starts_at", NOW + datetime.timedelta(days=10))
    values = {
        "kind": ActivityKind.KNOWLEDGE_CAFE,
        "title": f"Kenniscafé {number}",
        "slug": f"kenniscafe-{number}",
        "summary": "Werkteams delen hun opbrengsten.",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "venue": venue,
        "capacity": 2,
        "online_url": "https://meet.example.org/kenniscafe",
    }
    values.update(fields)
    return Activity.objects.create(**values)


def member():
    return PersonFactory().user


def sign_up(activity, now=NOW):
    return services.register_member(member(), activity, now=now)


# --- Members ---------------------------------------------------------------------------------


def test_member_gets_a_place_while_there_are_places():
    activity = make_activity(capacity=2)
    assert sign_up(activity).status == RegistrationStatus.CONFIRMED
    assert sign_up(activity).status == RegistrationStatus.CONFIRMED


def test_full_activity_puts_the_next_on_the_waiting_list_in_order():
    activity = make_activity(capacity=1)
    sign_up(activity)
    first = sign_up(activity, now=NOW)
    second = sign_up(activity, now=NOW + datetime.timedelta(minutes=1))
    assert first.status == second.status == RegistrationStatus.WAITLIST
    assert first.waitlisted_at < second.waitlisted_at


def test_without_capacity_everyone_gets_a_place():
    activity = make_activity(capacity=None)
    assert all(sign_up(activity).status == RegistrationStatus.CONFIRMED for _ in range(5))


def test_signing_up_twice_is_refused_and_writes_nothing():
    activity = make_activity()
    user = member()
    services.register_member(user, activity, now=NOW)
    with pytest.raises(ValidationError) as error:
        services.register_member(user, activity, now=NOW)
    assert error.value.code == "double"
    assert Registration.objects.filter(activity=activity).count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"cancelled_at": NOW}, "cancelled"),
        ({"starts_at": NOW - datetime.timedelta(days=2)}, "past"),
        ({"registration_required": False}, "not_needed"),
        ({"registration_opens_at": NOW + datetime.timedelta(days=1)}, "not_yet_open"),
        ({"registration_closes_at": NOW - datetime.timedelta(hours=1)}, "closed"),
    ],
)
def test_sign_up_is_refused_when_not_open(fields, code):
    activity = make_activity(**fields)
    with pytest.raises(ValidationError) as error:
        sign_up(activity)
    assert error.value.code == code
    assert error.value.messages[0]  # a sentence for the user
    assert not Registration.objects.filter(activity=activity).exists()


def test_member_cannot_sign_up_for_a_group_activity_of_another_group():
    activity = make_activity(audience=Audience.GROUP)
    activity.groups.add(LearningGroupFactory())
    with pytest.raises(PermissionDenied):
        sign_up(activity)


def test_group_member_can_sign_up_for_their_group_activity():
    group = LearningGroupFactory()
    activity = make_activity(audience=Audience.GROUP)
    activity.groups.add(group)
    user = MembershipFactory(group=group).person.user
    assert services.register_member(user, activity, now=NOW).status == "bevestigd"


def test_required_extra_question_must_be_answered():
    activity = make_activity()
    question = ExtraQuestion.objects.create(activity=activity, label="Dieetwensen", required=True)
    with pytest.raises(ValidationError):
        services.register_member(member(), activity, answers={}, now=NOW)
    registration = services.register_member(
        member(), activity, answers={str(question.pk): " vegetarisch ", "999": "x"}, now=NOW
    )
    assert registration.answers == {str(question.pk): "vegetarisch"}


# --- Visitors --------------------------------------------------------------------------------


def register_visitor(activity, email="bewoner@example.org", now=NOW, **fields):
    return services.register_visitor(
        activity, first_name="Fatma", last_name="Yilmaz", email=email, now=now, **fields
    )


def test_visitor_sign_up_waits_for_confirmation_and_holds_no_place(committed):
    activity = make_activity(capacity=1)
    with committed():
        registration = register_visitor(activity)
    assert registration.status == RegistrationStatus.UNCONFIRMED
    assert len(mail.outbox) == 1
    assert registration.get_manage_url() in mail.outbox[0].body
    sign_up(activity)  # the place is still free for someone else
    registration = services.confirm_registration(registration, now=NOW)
    assert registration.status == RegistrationStatus.WAITLIST


def test_confirmed_visitor_gets_a_mail_with_the_activity_in_their_calendar(committed):
    activity = make_activity()
    registration = register_visitor(activity)
    with committed():
        services.confirm_registration(registration, now=NOW)
    message = mail.outbox[-1]
    assert registration.get_manage_url() in message.body
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == activity.title
    assert "meet.example.org" in str(event["DESCRIPTION"])  # confirmed: the online link


def test_confirming_twice_changes_nothing():
    activity = make_activity()
    registration = services.confirm_registration(register_visitor(activity), now=NOW)
    again = services.confirm_registration(registration, now=NOW + datetime.timedelta(hours=1))
    assert again.confirmed_at == registration.confirmed_at


def test_same_address_is_the_same_person_and_gets_no_second_registration(committed):
    activity = make_activity()
    with committed():
        first = register_visitor(activity, email="Bewoner@Example.org")
        services.confirm_registration(first, now=NOW)
        second = register_visitor(activity, email="bewoner@example.org ")
    assert second.pk == first.pk
    assert Person.objects.filter(email="bewoner@example.org").count() == 1
    assert "already" in mail.outbox[-1].subject or "al " in mail.outbox[-1].subject


def test_visitor_cannot_sign_up_for_a_members_activity():
    activity = make_activity(audience=Audience.MEMBERS)
    with pytest.raises(PermissionDenied):
        register_visitor(activity)


def test_visitor_details_are_kept_only_when_asked():
    asked = make_activity(ask_organisation_and_role=True)
    not_asked = make_activity()
    one = register_visitor(asked, organisation="Wijkteam Crabbehof", role="professional")
    two = register_visitor(not_asked, organisation="Wijkteam Crabbehof", role="professional")
    assert (one.organisation, one.role) == ("Wijkteam Crabbehof", "professional")
    assert (two.organisation, two.role) == ("", "")


def test_tampered_or_stale_links_are_refused():
    registration = register_visitor(make_activity())
    token = registration.token
    assert services.registration_from_token(token).pk == registration.pk
    with pytest.raises(services.UnusableLink):
        services.registration_from_token(token[:-2] + "xx")
    Registration.objects.filter(pk=registration.pk).update(key="anders")
    with pytest.raises(services.UnusableLink):
        services.registration_from_token(token)


# --- Cancelling and the waiting list ---------------------------------------------------------


def test_cancel_promotes_first_on_waitlist_and_mails_them(committed):
    activity = make_activity(capacity=1)
    placed = sign_up(activity)
    first = sign_up(activity, now=NOW)
    second = sign_up(activity, now=NOW + datetime.timedelta(minutes=5))
    mail.outbox.clear()
    with committed():
        _cancelled, promoted = services.cancel_registration(placed, now=NOW)
    assert [r.pk for r in promoted] == [first.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.WAITLIST
    to = {tuple(message.to) for message in mail.outbox}
    assert (first.person.email,) in to and (placed.person.email,) in to


def test_cancelling_twice_changes_nothing():
    activity = make_activity(capacity=1)
    placed = sign_up(activity)
    sign_up(activity)
    services.cancel_registration(placed, now=NOW)
    _again, promoted = services.cancel_registration(placed, now=NOW)
    assert promoted == []
    assert activity.registrations.filter(status="bevestigd").count() == 1


def test_cancelling_a_waitlisted_sign_up_promotes_nobody():
    activity = make_activity(capacity=1)
    sign_up(activity)
    waiting = sign_up(activity)
    third = sign_up(activity)
    _r, promoted = services.cancel_registration(waiting, now=NOW)
    assert promoted == []
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITLIST


def test_cancel_after_the_activity_is_refused():
    activity = make_activity()
    registration = sign_up(activity)
    with pytest.raises(ValidationError):
        services.cancel_registration(registration, now=activity.ends_at + datetime.timedelta(1))


def test_cancelled_sign_up_forgets_its_answers_and_can_sign_up_again():
    activity = make_activity()
    question = ExtraQuestion.objects.create(activity=activity, label="Toegankelijkheid")
    user = member()
    registration = services.register_member(
        user, activity, answers={str(question.pk): "rolstoel"}, now=NOW
    )
    services.cancel_registration(registration, now=NOW)
    registration.refresh_from_db()
    assert registration.answers == {}
    again = services.register_member(user, activity, now=NOW)
    assert again.pk != registration.pk


def test_raising_the_capacity_fills_places_from_the_waitlist():
    activity = make_activity(capacity=1)
    sign_up(activity)
    waiting = [sign_up(activity) for _ in range(3)]
    Activity.objects.filter(pk=activity.pk).update(capacity=3)
    promoted = services.promote_from_waitlist(activity, now=NOW)
    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]


def test_cancelling_the_activity_mails_everyone_signed_up(committed):
    activity = make_activity(capacity=1)
    sign_up(activity)
    sign_up(activity)
    coordinator = CoordinatorFactory()
    mail.outbox.clear()
    with committed():
        services.cancel_activity(coordinator, activity, reason="De zaal is niet beschikbaar.")
    assert len(mail.outbox) == 2
    assert all("De zaal is niet beschikbaar." in message.body for message in mail.outbox)


def test_a_member_cannot_cancel_the_activity():
    with pytest.raises(PermissionDenied):
        services.cancel_activity(member(), make_activity(), reason="")


# --- Mail tasks are idempotent ---------------------------------------------------------------


def test_a_mail_task_run_twice_mails_once():
    from werkplaats.activities.tasks import send_registration_mail

    registration = sign_up(make_activity())
    mail.outbox.clear()
    send_registration_mail.call(registration_id=registration.pk, event="bevestigd")
    send_registration_mail.call(registration_id=registration.pk, event="bevestigd")
    assert len(mail.outbox) == 1


# --- Housekeeping ----------------------------------------------------------------------------


def test_reminder_goes_once_a_day_before_to_confirmed_people_only():
    activity = make_activity(capacity=1)
    confirmed = sign_up(activity)
    sign_up(activity)  # waiting list: no reminder
    mail.outbox.clear()
    day_before = activity.starts_at - datetime.timedelta(hours=20)
    assert services.queue_reminders(now=activity.starts_at - datetime.timedelta(days=3)) == 0
    assert services.queue_reminders(now=day_before) == 1
    assert services.queue_reminders(now=day_before) == 0
    assert [message.to for message in mail.outbox] == [[confirmed.person.email]]
    assert mail.outbox[0].attachments


def test_answers_are_deleted_after_the_kept_days():
    activity = make_activity(answers_kept_days=7)
    question = ExtraQuestion.objects.create(activity=activity, label="Dieetwensen")
    registration = services.register_member(
        member(), activity, answers={str(question.pk): "halal"}, now=NOW
    )
    assert services.purge_answers(now=activity.ends_at + datetime.timedelta(days=6)) == 0
    assert services.purge_answers(now=activity.ends_at + datetime.timedelta(days=8)) == 1
    registration.refresh_from_db()
    assert registration.answers == {}


def test_unconfirmed_sign_ups_are_deleted_after_two_days():
    registration = register_visitor(make_activity())
    assert services.delete_unconfirmed(now=NOW + datetime.timedelta(hours=47)) == 0
    assert services.delete_unconfirmed(now=NOW + datetime.timedelta(hours=49)) == 1
    assert not Registration.objects.filter(pk=registration.pk).exists()


# --- Attendance ------------------------------------------------------------------------------


@pytest.fixture
def organiser_and_activity():
    group = LearningGroupFactory()
    lead = MembershipFactory(group=group, role="trekker").person.user
    activity = make_activity(starts_at=NOW - datetime.timedelta(hours=1))
    activity.groups.add(group)
    return lead, activity


def test_a_tick_that_arrives_twice_is_recorded_once(organiser_and_activity):
    lead, activity = organiser_and_activity
    person = PersonFactory()
    assert services.set_attendance(lead, activity, person, True) is True
    assert services.set_attendance(lead, activity, person, True) is True
    assert Attendance.objects.filter(activity=activity, person=person).count() == 1


def test_untick_removes_the_attendance(organiser_and_activity):
    lead, activity = organiser_and_activity
    person = PersonFactory()
    services.set_attendance(lead, activity, person, True)
    assert services.set_attendance(lead, activity, person, False) is False
    assert not Attendance.objects.filter(activity=activity).exists()


def test_walk_in_with_a_known_address_is_the_same_person(organiser_and_activity):
    lead, activity = organiser_and_activity
    known = PersonFactory()
    person = services.add_walk_in(lead, activity, first_name="Iemand", email=known.email.upper())
    assert person.pk == known.pk
    attendance = Attendance.objects.get(activity=activity, person=known)
    assert attendance.walk_in


def test_walk_in_needs_a_first_name(organiser_and_activity):
    lead, activity = organiser_and_activity
    with pytest.raises(ValidationError):
        services.add_walk_in(lead, activity, first_name="  ")
    assert not Attendance.objects.filter(activity=activity).exists()


def test_only_organisers_take_attendance(organiser_and_activity):
    _lead, activity = organiser_and_activity
    with pytest.raises(PermissionDenied):
        services.set_attendance(member(), activity, PersonFactory(), True)
    assert not Attendance.objects.filter(activity=activity).exists()


# --- Calendar feed ---------------------------------------------------------------------------


def test_resetting_the_feed_changes_its_address():
    person = PersonFactory()
    old = services.calendar_feed_for(person).key
    assert services.reset_calendar_feed(person).key != old


def test_housekeeping_command_sends_due_reminders_once():
    from io import StringIO

    from django.core.management import call_command

    activity = make_activity(starts_at=timezone.now() + datetime.timedelta(hours=5))
    sign_up(activity, now=timezone.now())
    mail.outbox.clear()
    call_command("activity_housekeeping", stdout=StringIO())
    call_command("activity_housekeeping", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_cancelling_an_unconfirmed_sign_up_sends_no_place_mail(committed):
    registration = register_visitor(make_activity())
    mail.outbox.clear()
    with committed():
        services.cancel_registration(registration, now=NOW)
    assert mail.outbox == []
