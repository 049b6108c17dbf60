"""The Activiteiten menu of /beheer/: coordinators list, filter, create and edit activities and
venues; bad input is refused with the model's Dutch message and nothing is written; raising the
places moves the waiting list up; cancelling is a confirmed step that mails everyone."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override
from wagtail.test.utils.form_data import querydict_from_html

from werkplaats.accounts.models import COORDINATORS_GROUP
from werkplaats.activities.models import (
    Activity,
    ActivityKind,
    Audience,
    ExtraQuestion,
    RegistrationStatus,
    Venue,
)
from werkplaats.network.models import Municipality
from werkplaats.network.tests.factories import PersonFactory, UserFactory

from .factories import (
    ActivityFactory,
    ExtraQuestionFactory,
    PastActivityFactory,
    RegistrationFactory,
    VenueFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord"  # UserFactory's


@pytest.fixture
def coordinator_client():
    """A coordinator who signs in for real: in the Coördinatoren group, not a superuser."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    PersonFactory(user=user)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would trigger (mails): each test runs in a rolled-back transaction."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def dutch(message):
    """The message as the coordinator reads it (Dutch, once translated)."""
    with override("nl"):
        return escape(gettext(message))


def form_of(client, url):
    return querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")


def new_activity_form(client, venue, **values):
    form = form_of(client, "/beheer/activiteiten/new/")
    form.update(
        {
            "kind": ActivityKind.KNOWLEDGE_CAFE,
            "title": "Kenniscafé armoede",
            "slug": "kenniscafe-armoede",
            "summary": "Werkteams delen hun opbrengsten.",
            "starts_at": "2030-05-01 19:00",
            "ends_at": "2030-05-01 21:00",
            "venue": str(venue.pk),
            "audience": Audience.PUBLIC,
            "capacity": "40",
            "answers_kept_days": "14",
        }
    )
    form.update(values)
    return form


# --- Access ---------------------------------------------------------------------------------


def test_coordinator_sees_the_activities_menu(coordinator_client):
    response = coordinator_client.get("/beheer/")
    content = response.content.decode()
    assert "/beheer/activiteiten/" in content
    assert "/beheer/locaties/" in content
    assert coordinator_client.get("/beheer/activiteiten/").status_code == 200
    assert coordinator_client.get("/beheer/locaties/").status_code == 200


def test_member_without_admin_rights_cannot_open_the_activities_admin():
    activity = ActivityFactory()
    client = Client()
    client.force_login(PersonFactory().user)
    for url in (
        "/beheer/activiteiten/",
        f"/beheer/activiteiten/edit/{activity.pk}/",
        f"/beheer/activiteiten/cancel/{activity.pk}/",
        "/beheer/locaties/",
    ):
        assert client.get(url).status_code in (302, 403), url
    response = client.post(
        f"/beheer/activiteiten/cancel/{activity.pk}/", {"reason": "x", "confirm": "on"}
    )
    assert response.status_code in (302, 403)
    activity.refresh_from_db()
    assert not activity.is_cancelled


# --- List -----------------------------------------------------------------------------------


def test_list_shows_confirmed_places_and_waiting(coordinator_client):
    activity = ActivityFactory(title="Kenniscafé vol", capacity=2)
    RegistrationFactory.create_batch(2, activity=activity)
    RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    content = coordinator_client.get("/beheer/activiteiten/").content.decode()
    assert "Kenniscafé vol" in content
    assert "2 / 2" in content


def test_list_filters_by_kind_audience_and_when(coordinator_client):
    ActivityFactory(title="Komend kenniscafé")
    ActivityFactory(title="Werkteamoverleg", kind=ActivityKind.MEETING, audience=Audience.GROUP)
    PastActivityFactory(title="Oude focusgroep", kind=ActivityKind.FOCUS_GROUP)

    def titles(**params):
        content = coordinator_client.get("/beheer/activiteiten/", params).content.decode()
        return {
            title
            for title in ("Komend kenniscafé", "Werkteamoverleg", "Oude focusgroep")
            if title in content
        }

    assert titles(kind=ActivityKind.MEETING) == {"Werkteamoverleg"}
    assert titles(audience=Audience.PUBLIC) == {"Komend kenniscafé", "Oude focusgroep"}
    assert titles(when="komend") == {"Komend kenniscafé", "Werkteamoverleg"}
    assert titles(when="voorbij") == {"Oude focusgroep"}
    assert titles(q="focusgroep") == {"Oude focusgroep"}


def test_list_queries_do_not_grow_with_the_activities(
    coordinator_client, django_assert_max_num_queries
):
    def queries():
        coordinator_client.get("/beheer/activiteiten/")  # warm the caches saving cleared
        with CaptureQueriesContext(connection) as captured:
            assert coordinator_client.get("/beheer/activiteiten/").status_code == 200
        return len(captured.captured_queries)

    for number in range(3):
        activity = ActivityFactory(venue=VenueFactory(), capacity=10)
        RegistrationFactory.create_batch(number, activity=activity)
    few = queries()
    for _number in range(10):
        ActivityFactory(venue=VenueFactory(), capacity=10)
    assert queries() == few
    with django_assert_max_num_queries(20):
        coordinator_client.get("/beheer/activiteiten/")


def test_venue_list_shows_place_and_municipality(coordinator_client):
    VenueFactory(name="Wijkgebouw De Brug")
    content = coordinator_client.get("/beheer/locaties/", {"q": "Brug"}).content.decode()
    assert "Wijkgebouw De Brug" in content
    assert "Dordrecht" in content


# --- Create and edit ------------------------------------------------------------------------


def test_coordinator_creates_an_activity_with_groups_and_an_extra_question(coordinator_client):
    from werkplaats.groups.tests.factories import LearningGroupFactory

    venue = VenueFactory()
    group = LearningGroupFactory()
    form = new_activity_form(coordinator_client, venue)
    form.setlist("groups", [str(group.pk)])
    form["questions-0-label"] = "Heeft u dieetwensen?"
    form["questions-0-help_text"] = "Bijvoorbeeld vegetarisch."
    response = coordinator_client.post("/beheer/activiteiten/new/", form)
    assert response.status_code == 302
    activity = Activity.objects.get(slug="kenniscafe-armoede")
    assert list(activity.groups.all()) == [group]
    assert activity.capacity == 40
    assert list(activity.questions.values_list("label", flat=True)) == ["Heeft u dieetwensen?"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"ends_at": "2030-05-01 18:00"},
            "ends_at",
            "The end is before the start. Choose a later end time.",
        ),
        (
            {"registration_closes_at": "2030-05-02 12:00"},
            "registration_closes_at",
            "The sign-up deadline is after the activity has ended. Choose an earlier one.",
        ),
    ],
)
def test_bad_dates_are_refused_with_a_clear_message_and_input_kept(
    coordinator_client, values, field, message
):
    form = new_activity_form(coordinator_client, VenueFactory(), **values)
    form["questions-0-label"] = "Heeft u dieetwensen?"
    response = coordinator_client.post("/beheer/activiteiten/new/", form)
    content = response.content.decode()
    assert response.status_code == 200
    assert dutch(message) in content
    assert 'value="Kenniscafé armoede"' in content
    assert 'value="Heeft u dieetwensen?"' in content
    assert not Activity.objects.exists()
    assert not ExtraQuestion.objects.exists()


def test_a_venue_outside_the_region_is_refused(coordinator_client):
    outside = Municipality.objects.create(name="Utrecht", slug="utrecht", in_region=False)
    venue = Venue.objects.create(
        name="Stadhuis", street_address="Korte Minrebroederstraat 2", city="Utrecht",
        municipality=outside,
    )  # fmt: skip
    form = new_activity_form(coordinator_client, venue)
    response = coordinator_client.post("/beheer/activiteiten/new/", form)
    assert response.status_code == 200
    assert (
        dutch("This venue is outside the region of the Werkplaats. Choose a venue in the region.")
        in response.content.decode()
    )
    assert not Activity.objects.exists()


def test_raising_the_places_moves_the_waiting_list_up(coordinator_client, committed):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(
        activity=activity, status=RegistrationStatus.WAITLIST, person__first_name="Wachtende"
    )
    url = f"/beheer/activiteiten/edit/{activity.pk}/"
    form = form_of(coordinator_client, url)
    form["capacity"] = "2"
    with committed():
        response = coordinator_client.post(url, form)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [message.to for message in mail.outbox] == [[waiting.person.email]]


def test_saving_without_raising_the_places_leaves_the_waiting_list(coordinator_client):
    activity = ActivityFactory(capacity=1)
    RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    url = f"/beheer/activiteiten/edit/{activity.pk}/"
    form = form_of(coordinator_client, url)
    form["title"] = "Nieuwe titel"
    assert coordinator_client.post(url, form).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITLIST


def test_coordinator_removes_an_extra_question(coordinator_client):
    question = ExtraQuestionFactory(label="Heeft u dieetwensen?")
    url = f"/beheer/activiteiten/edit/{question.activity.pk}/"
    form = form_of(coordinator_client, url)
    assert form["questions-0-label"] == "Heeft u dieetwensen?"
    form["questions-0-DELETE"] = "on"
    assert coordinator_client.post(url, form).status_code == 302
    assert not ExtraQuestion.objects.exists()


def test_a_venue_in_a_municipality_outside_the_region_is_refused(coordinator_client):
    outside = Municipality.objects.create(name="Utrecht", slug="utrecht", in_region=False)
    form = form_of(coordinator_client, "/beheer/locaties/new/")
    form.update(
        {
            "name": "Stadhuis",
            "street_address": "Korte Minrebroederstraat 2",
            "city": "Utrecht",
            "municipality": str(outside.pk),
        }
    )
    response = coordinator_client.post("/beheer/locaties/new/", form)
    assert response.status_code == 200
    assert 'value="Stadhuis"' in response.content.decode()
    assert not Venue.objects.filter(name="Stadhuis").exists()


# --- Cancel ---------------------------------------------------------------------------------


def cancel_url(activity):
    return f"/beheer/activiteiten/cancel/{activity.pk}/"


def test_cancelling_asks_for_confirmation_first(coordinator_client):
    activity = ActivityFactory(title="Kenniscafé zingeving")
    RegistrationFactory.create_batch(2, activity=activity)
    content = coordinator_client.get(cancel_url(activity)).content.decode()
    assert "Kenniscafé zingeving" in content
    response = coordinator_client.post(cancel_url(activity), {"reason": "De spreker is ziek."})
    assert response.status_code == 200
    assert 'value="De spreker is ziek."' in response.content.decode()
    activity.refresh_from_db()
    assert not activity.is_cancelled
    assert mail.outbox == []


def test_cancelling_mails_everyone_signed_up(coordinator_client, committed):
    activity = ActivityFactory()
    confirmed = RegistrationFactory(activity=activity)
    waiting = RegistrationFactory(activity=activity, status=RegistrationStatus.WAITLIST)
    with committed():
        response = coordinator_client.post(
            cancel_url(activity), {"reason": "De spreker is ziek.", "confirm": "on"}
        )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.is_cancelled
    assert activity.cancellation_reason == "De spreker is ziek."
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [confirmed.person.email, waiting.person.email]
    )


def test_a_past_activity_cannot_be_cancelled(coordinator_client):
    activity = PastActivityFactory()
    response = coordinator_client.post(
        cancel_url(activity), {"reason": "Te laat.", "confirm": "on"}
    )
    assert response.status_code == 200
    activity.refresh_from_db()
    assert not activity.is_cancelled


def test_edit_page_offers_the_cancel_step(coordinator_client):
    activity = ActivityFactory(starts_at=in_days(3))
    content = coordinator_client.get(f"/beheer/activiteiten/edit/{activity.pk}/").content.decode()
    assert cancel_url(activity) in content


def test_created_activity_is_in_the_future(coordinator_client):
    # Guard for the form helper: its dates are far enough ahead to be upcoming.
    assert timezone.make_aware(datetime.datetime(2030, 5, 1)) > timezone.now()
